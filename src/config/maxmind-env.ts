/**
 * MaxMind with no config step (docs/data.md): with geoipupdate's own variables in the environment —
 * `GEOIPUPDATE_ACCOUNT_ID` and `GEOIPUPDATE_LICENSE_KEY` (or their `_FILE` forms), optionally
 * `GEOIPUPDATE_EDITION_IDS` and `GEOIPUPDATE_HOST`, as MaxMind's container reads them — and a file
 * that says nothing about MaxMind or sources, the file is read as if it had the `updates:` block and
 * the `geo:` paths an operator would write: the editions downloaded into `<data_dir>/geo/`, the geo
 * service pointed at them, and the bundled data answering in their place until they load. Only
 * geoipupdate's names are read (not a second set such as MAXMIND_*): one name per datum, the ones
 * operators of geoipupdate already set.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Secret } from '../domain/secret.js';
import type { ConfigFile } from './schema.js';
import { FileSecret } from './secret.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The editions downloaded when GEOIPUPDATE_EDITION_IDS names none: the free location and ASN databases the geo service reads. */
const DEFAULT_EDITIONS = ['GeoLite2-City', 'GeoLite2-ASN'] as const;
const DEFAULT_HOST = 'https://updates.maxmind.com';

type Role = 'location' | 'asn' | 'anonymous_ip';

/** The role an edition plays in the geo service; null for editions it does not read (Connection-Type, Domain…). */
function roleOf(edition: string): Role | null {
  if (/-(City|Country|Enterprise)$/i.test(edition)) return 'location';
  if (/-(ASN|ISP)$/i.test(edition)) return 'asn';
  if (/-Anonymous-IP$/i.test(edition)) return 'anonymous_ip';
  return null;
}

function value(env: Env, name: string): string | null {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? null : v;
}

/** geoipupdate accepts a bare host name (`updates.maxmind.com`) as well as a URL. */
function hostUrl(raw: string): string | null {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

/** Which geo roles now point at files not downloaded yet, for which the bundled data stands in until they load. */
export interface StandIns {
  readonly location: boolean;
  readonly asn: boolean;
}

const NONE: StandIns = { location: false, asn: false };

interface Context {
  readonly env: Env;
  /** The folder `data_dir` is relative to (the config file's). */
  readonly base: string;
  /** The folder paths in variables are relative to. */
  readonly cwd: string;
  readonly file: string | null;
}

interface Credentials {
  readonly accountId: string;
  /** null: GEOIPUPDATE_LICENSE_KEY itself (an `env:` reference, as a file would write it). */
  readonly licenseKey: Secret | null;
}

/**
 * The account id and licence key, each from its variable or from the file its `_FILE` variable names
 * (Docker secrets, as geoipupdate's container takes them; the variable wins when both are set). null,
 * with a warning when only one of the two is given, when there are none.
 */
function credentials(ctx: Context, problems: string[], warnings: string[]): Credentials | null {
  const { env } = ctx;
  const idFile = value(env, 'GEOIPUPDATE_ACCOUNT_ID_FILE');
  const keyFile = value(env, 'GEOIPUPDATE_LICENSE_KEY_FILE');
  const hasId = value(env, 'GEOIPUPDATE_ACCOUNT_ID') !== null || idFile !== null;
  const hasKey = value(env, 'GEOIPUPDATE_LICENSE_KEY') !== null || keyFile !== null;
  if (!hasId && !hasKey) return null;
  if (!hasId || !hasKey) {
    warnings.push(`${hasId ? 'GEOIPUPDATE_ACCOUNT_ID is set but GEOIPUPDATE_LICENSE_KEY is not' : 'GEOIPUPDATE_LICENSE_KEY is set but GEOIPUPDATE_ACCOUNT_ID is not'}: MaxMind databases are not downloaded (set both)`);
    return null;
  }
  let accountId = value(env, 'GEOIPUPDATE_ACCOUNT_ID');
  if (accountId === null && idFile !== null) {
    try {
      accountId = readFileSync(resolve(ctx.cwd, idFile), 'utf8').trim();
    } catch (err) {
      problems.push(`GEOIPUPDATE_ACCOUNT_ID_FILE: cannot read ${idFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      return null;
    }
  }
  const licenseKey = value(env, 'GEOIPUPDATE_LICENSE_KEY') === null && keyFile !== null ? new FileSecret('updates.maxmind.license_key', 'GEOIPUPDATE_LICENSE_KEY_FILE', resolve(ctx.cwd, keyFile), ctx.file ?? '(built-in defaults)') : null;
  return accountId === null ? null : { accountId, licenseKey };
}

/**
 * The file as the gateway reads it: unchanged unless the MaxMind variables are set and the file has
 * neither `updates.maxmind` nor `updates.sources`; `licenseKey` when the key comes from a file.
 */
export function withMaxmindFromEnv(doc: ConfigFile, ctx: Context, problems: string[], warnings: string[]): { doc: ConfigFile; standIns: StandIns; licenseKey: Secret | null } {
  const unchanged = { doc, standIns: NONE, licenseKey: null };
  const { env, base } = ctx;
  const account = credentials(ctx, problems, warnings);
  if (account === null) return unchanged;
  if (doc.updates.maxmind !== undefined || doc.updates.sources !== undefined) {
    if (doc.updates.maxmind === undefined) warnings.push('the GEOIPUPDATE_* account variables are set but ignored: updates.sources in the file says what is downloaded (add updates.maxmind and maxmind sources to it, or remove updates.sources)');
    return unchanged;
  }
  const { accountId } = account;
  const count = problems.length;
  if (!/^\d+$/.test(accountId)) problems.push(`GEOIPUPDATE_ACCOUNT_ID: expected the numeric MaxMind account id, got "${accountId}"`);
  const rawHost = value(env, 'GEOIPUPDATE_HOST');
  const host = rawHost === null ? DEFAULT_HOST : hostUrl(rawHost);
  if (host === null) problems.push(`GEOIPUPDATE_HOST: expected a host name or an http(s) URL such as ${DEFAULT_HOST}, got "${rawHost}"`);
  const listed = value(env, 'GEOIPUPDATE_EDITION_IDS');
  const named = listed === null ? [...DEFAULT_EDITIONS] : [...new Set(listed.split(/[\s,]+/).filter((e) => e !== ''))];
  // The same variables may serve geoipupdate for other programs: editions Cordon does not read are left to them.
  const editions = named.filter((e) => /^[A-Za-z0-9-]+$/.test(e) && roleOf(e) !== null);
  const skipped = named.filter((e) => !editions.includes(e));
  if (skipped.length > 0) warnings.push(`GEOIPUPDATE_EDITION_IDS: ${skipped.map((e) => `"${e}"`).join(', ')} not downloaded: Cordon reads City, Country, Enterprise, ASN, ISP and Anonymous-IP editions`);
  if (editions.length === 0) return unchanged;
  if (problems.length > count || host === null) return unchanged;

  const dir = join(resolve(base, doc.data_dir), 'geo');
  const sources = editions.map((edition) => ({ kind: 'maxmind' as const, name: edition.toLowerCase(), edition, role: roleOf(edition) as Role, file: join(dir, `${edition}.mmdb`) }));
  const fileOf = (role: Role) => sources.filter((s) => s.role === role).map((s) => s.file);
  // City before Country: both answer a country, the City also a subdivision.
  const location = fileOf('location').sort((a, b) => Number(/country/i.test(a)) - Number(/country/i.test(b)));
  const [asn] = fileOf('asn');
  const [anonymousIp] = fileOf('anonymous_ip');
  // Only what the file leaves to the defaults is pointed at the downloads: files it names are the operator's.
  const standIns = { location: location.length > 0 && doc.geo.location === 'bundled', asn: asn !== undefined && doc.geo.asn === 'bundled' };
  const geo = {
    ...doc.geo,
    ...(standIns.location ? { location } : {}),
    ...(standIns.asn ? { asn } : {}),
    ...(anonymousIp !== undefined && doc.geo.anonymous_ip === null ? { anonymous_ip: anonymousIp } : {}),
  };
  const used = new Set([...(geo.location === 'bundled' ? [] : geo.location), geo.asn, geo.anonymous_ip].flatMap((p) => (p === null || p === 'bundled' ? [] : [resolve(base, p)])));
  const unused = sources.filter((s) => !used.has(s.file)).map((s) => s.file);
  if (unused.length > 0) warnings.push(`${unused.join(', ')} (downloaded because of GEOIPUPDATE_*) kept current but not used: geo: in the file names other files`);
  return {
    doc: { ...doc, geo, updates: { ...doc.updates, maxmind: { account_id: accountId, license_key: 'env:GEOIPUPDATE_LICENSE_KEY', host }, sources } },
    standIns,
    licenseKey: account.licenseKey,
  };
}
