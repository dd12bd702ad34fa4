/** Resolves `updates:` into UpdateSettings: paths made absolute, defaults per kind, the licence key as a secret. */
import { resolve } from 'node:path';
import type { MmdbRole, SourceSettings, UpdateSettings } from '../data-updates/settings.js';
import type { Secret } from '../domain/secret.js';
import { EnvSecret } from './secret.js';
import type { UpdatesFile } from './updates-schema.js';

type Env = Readonly<Record<string, string | undefined>>;

/** How long each kind may go without a new build before it is stale, when `max_age_days` is not set. */
const DEFAULT_MAX_AGE_DAYS = { maxmind: 35, mmdb: 45, tor_exits: 2, cidr: 30, asn: 30, presets: 365 } as const;

/** The role an edition plays, from its name (`GeoLite2-ASN`, `GeoIP2-Anonymous-IP`, `GeoIP2-City`…). */
function editionRole(edition: string): MmdbRole {
  if (/anonymous/i.test(edition)) return 'anonymous_ip';
  if (/-(asn|isp)$/i.test(edition)) return 'asn';
  return 'location';
}

/** `ctx.licenseKey`: the MaxMind key when it does not come from `license_key` (a file named by GEOIPUPDATE_LICENSE_KEY_FILE). */
export function resolveUpdates(doc: UpdatesFile, ctx: { base: string; env: Env; file: string; licenseKey?: Secret | null }, problems: string[]): UpdateSettings {
  const seen = new Set<string>();
  const sources = (doc.sources ?? []).map((s, i): SourceSettings => {
    if (seen.has(s.name)) problems.push(`updates.sources[${i}].name: "${s.name}" is used twice`);
    seen.add(s.name);
    const maxAgeDays = s.max_age_days ?? DEFAULT_MAX_AGE_DAYS[s.kind];
    switch (s.kind) {
      case 'maxmind':
        if (doc.maxmind === undefined) problems.push(`updates.sources[${i}]: a maxmind source needs updates.maxmind (account_id and license_key)`);
        return { kind: 'maxmind', name: s.name, edition: s.edition, role: s.role ?? editionRole(s.edition), file: resolve(ctx.base, s.file), maxAgeDays };
      case 'mmdb':
        return { kind: 'mmdb', name: s.name, url: s.url, role: s.role, file: resolve(ctx.base, s.file), maxAgeDays };
      case 'presets':
        return { kind: 'presets', name: s.name, url: s.url, publicKey: s.public_key, maxAgeDays };
      default:
        return { kind: s.kind, name: s.name, url: s.url, file: resolve(ctx.base, s.file), maxAgeDays };
    }
  });
  return {
    scheduled: doc.scheduled,
    intervalMinutes: doc.interval_minutes,
    timeoutMs: doc.timeout_ms,
    maxBytes: doc.max_bytes,
    maxEntries: doc.max_entries,
    unmanagedMaxAgeDays: doc.unmanaged_max_age_days,
    maxmind: doc.maxmind === undefined ? null : {
      accountId: String(doc.maxmind.account_id),
      licenseKey: ctx.licenseKey ?? new EnvSecret('updates.maxmind.license_key', doc.maxmind.license_key, ctx.env, ctx.file, 'MaxMind downloads need the licence key'),
      host: doc.maxmind.host.replace(/\/+$/, ''),
    },
    sources,
  };
}
