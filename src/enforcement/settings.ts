/**
 * Resolved enforcement settings (camelCase, durations in ms), as the config module builds them from
 * the `enforcement:` section. Plain data; `policyFor` picks a tenant's effective settings.
 */
import type { BypassFlag } from '../domain/enforcement.js';
import type { Secret } from '../domain/secret.js';

export const LADDER_ACTIONS = ['warn', 'suspend', 'block'] as const;
export type LadderAction = (typeof LADDER_ACTIONS)[number];

export interface SignalWeights {
  readonly deniedRegion: number;
  /** Per anonymizer flag; a request counts once, with the weight of its strongest flag. */
  readonly anonymizer: Readonly<Record<BypassFlag, number>>;
  readonly countryMismatch: number;
  readonly impossibleTravel: number;
  readonly fanOut: number;
  readonly attestationAbuse: number;
}

/** One rung: when the score over `windowMs` reaches `score`, take `action`. */
export interface LadderRung {
  readonly action: LadderAction;
  readonly score: number;
  readonly windowMs: number;
  /** How long a suspension lasts; null for warn and block. */
  readonly durationMs: number | null;
}

export interface FanOutSettings {
  readonly enabled: boolean;
  /** More distinct countries than this within the window fires. */
  readonly maxCountries: number;
  /** More distinct networks (/24 IPv4, /48 IPv6) than this within the window fires. */
  readonly maxNetworks: number;
  readonly windowMs: number;
}

export interface TravelSettings {
  readonly enabled: boolean;
  /** Faster than this between two requests of one key is impossible. */
  readonly maxSpeedKmh: number;
  /** Two places closer than this never fire (same city, database error). */
  readonly minDistanceKm: number;
}

/** What applies to one tenant: the defaults with that tenant's overrides. */
export interface TenantPolicy {
  /** Count an origin country different from the tenant's registered country. */
  readonly countryMismatch: boolean;
  /**
   * The tenant's traffic should come from end users (not servers): a hosting address then counts on
   * its own. Otherwise hosting counts only beside another signal on the same request.
   */
  readonly endUserTraffic: boolean;
  readonly weights: SignalWeights;
  /** Sorted mildest first (warn, suspend, block). */
  readonly ladder: readonly LadderRung[];
  readonly fanOut: FanOutSettings;
  readonly impossibleTravel: TravelSettings;
  /**
   * A state-like finding (the same anonymizer network, the same foreign country, the same benign
   * attestation failure) counts once per key within this window; fan-out once per its own window.
   */
  readonly repeatWindowMs: number;
}

export interface WebhookSettings {
  readonly url: string;
  /** The HMAC secret (from `env:NAME`, read when a webhook is signed). */
  readonly secret: Secret;
  readonly timeoutMs: number;
  /** Attempts before a message is given up (it stays in the outbox, marked). */
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** How often the background loop looks for due messages. */
  readonly pollIntervalMs: number;
}

export interface EnforcementSettings {
  readonly enabled: boolean;
  readonly defaults: TenantPolicy;
  /** By tenant name. */
  readonly tenants: ReadonlyMap<string, TenantPolicy>;
  readonly attestation: { readonly maxSkewMs: number };
  readonly webhook: WebhookSettings | null;
}

export function policyFor(settings: EnforcementSettings, tenantName: string): TenantPolicy {
  return settings.tenants.get(tenantName) ?? settings.defaults;
}

/** The longest window any rung looks back over (how far back violations are read). */
export function longestWindow(policy: TenantPolicy): number {
  return policy.ladder.reduce((max, rung) => Math.max(max, rung.windowMs), 0);
}
