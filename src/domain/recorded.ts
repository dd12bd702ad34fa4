/**
 * Requests as the evidence log recorded them, in the compact form simulation, reach and reports
 * replay: the facts policy decided on, what was decided, and the usage of the answer.
 */

export type RecordedOutcome = 'routed' | 'refused';

/** An address's facts as recorded: what policy can tell apart (no address, city or coordinates). */
export interface RecordedPlace {
  readonly country: string | null;
  readonly subdivisions: readonly string[];
  readonly asn: number | null;
  readonly anonymizer: readonly string[];
  /** The unknown-origin reason when `country` is null. */
  readonly unknown: string | null;
}

export interface RecordedDecision extends RecordedPlace {
  readonly requestId: string;
  /** Epoch ms when the request was decided. */
  readonly at: number;
  /**
   * The IPv6 address that carried the client's IPv4 address (Teredo, 6to4, NAT64…), with its own
   * facts: policy judged both (ADR 0011). Null for every other address and for records written before.
   */
  readonly carrier: RecordedCarrier | null;
  readonly keyId: string;
  readonly tenant: string;
  readonly registeredCountry: string | null;
  /** The model name the caller asked for (the route). */
  readonly model: string;
  /** Candidate providers of the route, in routing order. */
  readonly providers: readonly string[];
  readonly outcome: RecordedOutcome;
  /** The refusal's error code (`policy_region_denied`, `account_suspended`…); null when routed. */
  readonly code: string | null;
  /** The first candidate when routed. */
  readonly provider: string | null;
}

/** A carrier address's facts as recorded (its address is in the audit record only, truncated). */
export interface RecordedCarrier extends RecordedPlace {
  readonly kind: string;
}

export interface RecordedUsage {
  /** The provider that answered (after any fallback). */
  readonly provider: string;
  readonly upstreamModel: string;
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  /** Null when the deployment has no price. */
  readonly costNanoUsd: number | null;
}

export interface RecordedRequest extends RecordedDecision {
  /** Null when refused, or when the answer reported no usage. */
  readonly usage: RecordedUsage | null;
}
