/**
 * Signals → weighted findings for one request. Pure: everything that needed I/O (the hot-state fan-out
 * counts, the previous sighting, the list hits) comes in as values. A signal whose weight is 0 is off.
 *
 * The hosting rule: a hosting address alone is not a bypass (API traffic normally comes from servers),
 * so a hosting-only anonymizer finding counts only beside another finding on the same request, or for
 * a tenant whose traffic should come from end users.
 *
 * State-like findings carry a `repeatScope`: the same rule with the same scope counts once per key per
 * repeat window (the caller keeps that memory), so a steady condition (a foreign data centre, one VPN
 * server) is counted once, not once per request. Acts (a denied attempt, a jump, a forged header) have
 * no scope and count every time.
 */
import type { BypassFlag, JsonObject, Signal } from '../domain/enforcement.js';
import type { Origin } from '../domain/origin.js';
import type { FlagHit } from '../origin/lists/index.js';
import type { TenantPolicy } from './settings.js';
import type { TravelFinding } from './travel.js';

export interface Denial {
  readonly provider: string;
  readonly layer: string;
  readonly ruleId: string;
  readonly matched: string | null;
}

/** Structurally the gateway's AttestationOutcome (the core does not import the gateway). */
export type AttestationResult = { readonly status: 'valid'; readonly ip: string } | { readonly status: 'invalid'; readonly reason: string };

export interface FanOutCounts {
  /** Distinct countries and networks of this key within the window, this request included. */
  readonly countries: number;
  readonly networks: number;
  /** Some of the countries, for evidence. */
  readonly countrySample: readonly string[];
}

export interface DetectionInput {
  readonly origin: Origin;
  /** The origin's /24 or /48 (the scope of a repeated anonymizer finding). */
  readonly network: string;
  readonly registeredCountry: string | null;
  /** Policy refused the request for every candidate provider. */
  readonly refused: boolean;
  readonly denials: readonly Denial[];
  readonly attestation: AttestationResult | null;
  readonly anonymizer: readonly FlagHit[];
  readonly travel: TravelFinding | null;
  /** Null when fan-out was not counted (off, or an attested origin). */
  readonly fanOut: FanOutCounts | null;
  readonly policy: TenantPolicy;
  /** The effective country-mismatch switch (the store's tenant setting over the config's). */
  readonly countryMismatch: boolean;
}

export interface Finding {
  readonly signal: Signal;
  readonly rule: string;
  readonly weight: number;
  readonly detail: JsonObject;
  /** Counted once per key, rule and scope within the repeat window; null: counted every time. */
  readonly repeatScope: string | null;
}

/** Attestation failures that are usually an integration bug (counted once per reason), not a forgery. */
const BENIGN_ATTESTATION = new Set(['stale', 'malformed', 'not_allowed']);

export function detectSignals(input: DetectionInput): Finding[] {
  const { policy, origin } = input;
  const w = policy.weights;
  const found: Finding[] = [];
  const add = (signal: Signal, rule: string, weight: number, detail: JsonObject, repeatScope: string | null = null) => {
    if (weight > 0) found.push({ signal, rule: `enforcement.${rule}`, weight, detail, repeatScope });
  };

  if (input.refused) {
    add('denied_region', 'denied_region', w.deniedRegion, { denied: input.denials.map((d) => ({ provider: d.provider, layer: d.layer, rule: d.ruleId, matched: d.matched })) });
  }
  if (input.attestation?.status === 'invalid') {
    const { reason } = input.attestation;
    add('attestation_abuse', `attestation.${reason}`, w.attestationAbuse, { reason }, BENIGN_ATTESTATION.has(reason) ? reason : null);
  }
  if (input.countryMismatch && origin.country !== null && input.registeredCountry !== null && origin.country !== input.registeredCountry) {
    add('country_mismatch', 'country_mismatch', w.countryMismatch, { registered: input.registeredCountry, origin: origin.country }, origin.country);
  }
  if (input.travel !== null) add('impossible_travel', 'impossible_travel', w.impossibleTravel, travelDetail(input.travel, policy));
  if (input.fanOut !== null) fanOutFindings(input.fanOut, policy, add);

  const strongest = strongestFlag(input.anonymizer, w.anonymizer);
  if (strongest !== null) {
    const corroborated = strongest !== 'hosting' || policy.endUserTraffic || found.length > 0;
    if (corroborated) {
      add('anonymizer', `anonymizer.${strongest}`, w.anonymizer[strongest], {
        flag: strongest,
        hits: input.anonymizer.map((h) => ({ flag: h.flag, source: h.source, ...(h.lastSeen ? { last_seen: h.lastSeen } : {}) })),
        ...(strongest === 'hosting' ? { counted_because: policy.endUserTraffic ? 'end_user_traffic' : found.map((f) => f.signal) } : {}),
      }, input.network);
    }
  }
  return found;
}

/** The flag with the highest weight (a Tor exit that is also hosting counts as Tor), or null. */
function strongestFlag(hits: readonly FlagHit[], weights: Readonly<Record<BypassFlag, number>>): BypassFlag | null {
  let best: BypassFlag | null = null;
  for (const { flag } of hits) if (weights[flag] > 0 && (best === null || weights[flag] > weights[best])) best = flag;
  return best;
}

/** Fan-out fires once per key per fan-out window (scope `window`), however many requests follow. */
function fanOutFindings(counts: FanOutCounts, policy: TenantPolicy, add: (s: Signal, rule: string, weight: number, d: JsonObject, scope: string | null) => void): void {
  const f = policy.fanOut;
  const window = { window_ms: f.windowMs };
  if (counts.countries > f.maxCountries) {
    add('fan_out', 'fan_out.countries', policy.weights.fanOut, { countries: counts.countries, max_countries: f.maxCountries, sample: [...counts.countrySample], ...window }, 'window');
  } else if (counts.networks > f.maxNetworks) {
    add('fan_out', 'fan_out.networks', policy.weights.fanOut, { networks: counts.networks, max_networks: f.maxNetworks, ...window }, 'window');
  }
}

function travelDetail(t: TravelFinding, policy: TenantPolicy): JsonObject {
  const place = (s: TravelFinding['from']) => ({ country: s.country, city: s.city, lat: s.lat, lon: s.lon, precision: s.precision, radius_km: s.radiusKm, at: new Date(s.at).toISOString() });
  return {
    from: place(t.from),
    to: place(t.to),
    distance_km: Math.round(t.distanceKm),
    minutes: Math.round(t.hours * 600) / 10,
    speed_kmh: Number.isFinite(t.speedKmh) ? Math.round(t.speedKmh) : 'infinite',
    max_speed_kmh: policy.impossibleTravel.maxSpeedKmh,
  };
}
