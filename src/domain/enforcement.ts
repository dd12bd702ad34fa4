/**
 * Enforcement records: violations (a signal that fired on one request, with its evidence) and actions
 * (what the ladder or an operator did to a key, with the violations that caused it). Plain data.
 */

/** Values that survive a JSON round trip unchanged: evidence is stored and sent as JSON. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** What can count against a key. */
export const SIGNALS = ['denied_region', 'anonymizer', 'country_mismatch', 'impossible_travel', 'fan_out', 'attestation_abuse'] as const;
export type Signal = (typeof SIGNALS)[number];

/** Anonymizer flags that are a bypass signal; `relay` (location-preserving, e.g. iCloud Private Relay) is not one. */
export const BYPASS_FLAGS = ['tor', 'public_proxy', 'residential_proxy', 'vpn', 'hosting'] as const;
export type BypassFlag = (typeof BYPASS_FLAGS)[number];

/** Where the request came from, as kept in evidence: the address truncated to its /24 or /48. */
export interface OriginEvidence {
  readonly network: string;
  readonly source: 'socket' | 'forwarded' | 'attested';
  readonly country: string | null;
  readonly subdivisions: readonly string[];
  readonly city: string | null;
  readonly asn: number | null;
  readonly org: string | null;
  readonly anonymizer: readonly string[];
}

export interface NewViolation {
  readonly keyId: string;
  readonly tenantId: string;
  readonly signal: Signal;
  /** Stable dotted id of what fired, e.g. `enforcement.anonymizer.tor`, `enforcement.fan_out.countries`. */
  readonly rule: string;
  readonly weight: number;
  /** Epoch ms of the request. */
  readonly at: number;
  /** The decision id of the request (`x-cordon-decision-id`). */
  readonly requestId: string;
  readonly origin: OriginEvidence;
  /** Signal-specific facts: the threshold, the counts, the distance, the rule that denied. */
  readonly detail: JsonObject;
}

export interface Violation extends NewViolation {
  readonly id: string;
}

/** What can be done to a key, mildest first; `reinstate` undoes the others. */
export const ACTION_KINDS = ['warn', 'suspend', 'block', 'reinstate'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface NewAction {
  readonly keyId: string;
  readonly tenantId: string;
  readonly kind: ActionKind;
  readonly at: number;
  /** End of a suspension (epoch ms); null otherwise. */
  readonly until: number | null;
  /** `ladder`, or `operator:NAME` for an action taken through the CLI or admin API. */
  readonly actor: string;
  /** The ladder rung that fired (`ladder.suspend`), or null for an operator's action. */
  readonly rule: string | null;
  /** The score that crossed the rung's threshold, or null. */
  readonly score: number | null;
  /** The operator's note (the appeal, the reason); null for the ladder. */
  readonly note: string | null;
  readonly violationIds: readonly string[];
  /** Threshold, window and scores for a ladder action; free form. */
  readonly evidence: JsonObject;
}

export interface EnforcementAction extends NewAction {
  readonly id: string;
}

/** Per-tenant settings kept in the store (set through the CLI), beside the config's per-tenant overrides. */
export interface TenantEnforcement {
  readonly tenantId: string;
  /** HMAC key for attested end-user addresses; stored as is (HMAC needs the key itself). */
  readonly attestationSecret: string | null;
  readonly mayAttest: boolean;
  /** Overrides the config for this tenant when not null. */
  readonly countryMismatch: boolean | null;
  readonly updatedAt: number | null;
}
