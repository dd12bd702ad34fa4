/**
 * What is known about a request once policy has decided: the value every later stage (enforcement,
 * audit, metering) works from. Plain data.
 */
import type { AccountFacts, ApiKey } from './account.js';
import type { Decision } from './decision.js';
import type { UpstreamPath } from './endpoint.js';
import type { Origin } from './origin.js';

/** How the origin address was established, when an end-user attestation was presented. */
export type AttestationOutcome =
  | { readonly status: 'valid'; readonly ip: string }
  /** Ignored for origin; counts as a violation. */
  | { readonly status: 'invalid'; readonly reason: 'bad_signature' | 'stale' | 'replayed' | 'malformed' | 'not_allowed' };

export interface RequestFacts {
  /** The decision id (`x-cordon-decision-id`). */
  readonly requestId: string;
  /** Epoch ms when the request was decided. */
  readonly at: number;
  /** The upstream path Cordon relayed to; for a request the decision service authorized, the original request's path. */
  readonly endpoint: UpstreamPath | string;
  /** The model name the caller asked for. */
  readonly model: string;
  readonly stream: boolean;
  readonly origin: Origin;
  readonly account: AccountFacts;
  readonly key: ApiKey;
  /** One decision per candidate provider of the model's route. */
  readonly decisions: readonly Decision[];
  readonly policyHash: string;
  /** Null when no attestation header was sent. */
  readonly attestation: AttestationOutcome | null;
}
