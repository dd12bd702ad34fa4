/** The `enforcement:` section, validated, into the camelCase settings the enforcement modules take. */
import type { LadderAction, LadderRung, TenantPolicy, WebhookSettings } from '../enforcement/settings.js';
import type { EnforcementSettings } from '../enforcement/settings.js';
import type { EnforcementFile, TenantOverrideFile } from './enforcement-schema.js';
import { EnvSecret } from './secret.js';

type Env = Readonly<Record<string, string | undefined>>;
type RungFile = { readonly score?: number; readonly window?: number; readonly duration?: number } | null | undefined;

export function resolveEnforcement(doc: EnforcementFile, ctx: { readonly env: Env; readonly base: string; readonly file: string | null }, problems: string[]): EnforcementSettings {
  const defaults = basePolicy(doc, problems);
  const tenants = new Map<string, TenantPolicy>();
  for (const [name, override] of Object.entries(doc.tenants)) tenants.set(name, withOverride(defaults, override, `enforcement.tenants.${name}`, problems));
  return {
    enabled: doc.enabled,
    defaults,
    tenants,
    attestation: { maxSkewMs: doc.attestation.max_skew },
    webhook: doc.webhook === null ? null : resolveWebhook(doc.webhook, { env: ctx.env, file: ctx.file ?? '(built-in defaults)' }),
  };
}

function basePolicy(doc: EnforcementFile, problems: string[]): TenantPolicy {
  const w = doc.weights;
  return {
    countryMismatch: doc.country_mismatch,
    endUserTraffic: doc.end_user_traffic,
    weights: {
      deniedRegion: w.denied_region,
      anonymizer: { ...w.anonymizer },
      countryMismatch: w.country_mismatch,
      impossibleTravel: w.impossible_travel,
      fanOut: w.fan_out,
      attestationAbuse: w.attestation_abuse,
    },
    ladder: ladderFrom({ warn: doc.ladder.warn, suspend: doc.ladder.suspend, block: doc.ladder.block }, 'enforcement.ladder', problems),
    fanOut: { enabled: doc.fan_out.enabled, maxCountries: doc.fan_out.max_countries, maxNetworks: doc.fan_out.max_networks, windowMs: doc.fan_out.window },
    impossibleTravel: { enabled: doc.impossible_travel.enabled, maxSpeedKmh: doc.impossible_travel.max_speed_kmh, minDistanceKm: doc.impossible_travel.min_distance_km },
    repeatWindowMs: doc.repeat_window,
  };
}

function withOverride(base: TenantPolicy, o: TenantOverrideFile, path: string, problems: string[]): TenantPolicy {
  const w = o.weights ?? {};
  const rungOf = (action: LadderAction): RungFile => {
    const own = base.ladder.find((r) => r.action === action);
    const over = o.ladder?.[action];
    if (over === null) return null;
    const merged = { score: own?.score, window: own?.windowMs, duration: own?.durationMs ?? undefined, ...stripUndefined(over ?? {}) };
    return own === undefined && over === undefined ? undefined : merged;
  };
  return {
    countryMismatch: o.country_mismatch ?? base.countryMismatch,
    endUserTraffic: o.end_user_traffic ?? base.endUserTraffic,
    weights: {
      deniedRegion: w.denied_region ?? base.weights.deniedRegion,
      anonymizer: { ...base.weights.anonymizer, ...stripUndefined(w.anonymizer ?? {}) },
      countryMismatch: w.country_mismatch ?? base.weights.countryMismatch,
      impossibleTravel: w.impossible_travel ?? base.weights.impossibleTravel,
      fanOut: w.fan_out ?? base.weights.fanOut,
      attestationAbuse: w.attestation_abuse ?? base.weights.attestationAbuse,
    },
    ladder: ladderFrom({ warn: rungOf('warn'), suspend: rungOf('suspend'), block: rungOf('block') }, `${path}.ladder`, problems),
    fanOut: {
      enabled: o.fan_out?.enabled ?? base.fanOut.enabled,
      maxCountries: o.fan_out?.max_countries ?? base.fanOut.maxCountries,
      maxNetworks: o.fan_out?.max_networks ?? base.fanOut.maxNetworks,
      windowMs: o.fan_out?.window ?? base.fanOut.windowMs,
    },
    impossibleTravel: {
      enabled: o.impossible_travel?.enabled ?? base.impossibleTravel.enabled,
      maxSpeedKmh: o.impossible_travel?.max_speed_kmh ?? base.impossibleTravel.maxSpeedKmh,
      minDistanceKm: o.impossible_travel?.min_distance_km ?? base.impossibleTravel.minDistanceKm,
    },
    repeatWindowMs: o.repeat_window ?? base.repeatWindowMs,
  };
}

function ladderFrom(rungs: Readonly<Record<LadderAction, RungFile>>, path: string, problems: string[]): LadderRung[] {
  const out: LadderRung[] = [];
  for (const action of ['warn', 'suspend', 'block'] as const) {
    const r = rungs[action];
    if (r === null || r === undefined) continue;
    if (r.score === undefined || r.window === undefined) {
      problems.push(`${path}.${action}: expected score and window`);
      continue;
    }
    if (action === 'suspend' && r.duration === undefined) problems.push(`${path}.suspend.duration: expected how long a suspension lasts (e.g. "1h")`);
    out.push({ action, score: r.score, windowMs: r.window, durationMs: action === 'suspend' ? r.duration ?? null : null });
  }
  return out;
}

function resolveWebhook(w: NonNullable<EnforcementFile['webhook']>, ctx: { readonly env: Env; readonly file: string }): WebhookSettings {
  const secret = new EnvSecret('enforcement.webhook.secret', w.secret, ctx.env, ctx.file, 'webhooks are signed with it');
  return { url: w.url, secret, timeoutMs: w.timeout, maxAttempts: w.max_attempts, backoffBaseMs: w.backoff.base, backoffMaxMs: w.backoff.max, pollIntervalMs: w.poll_interval };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
