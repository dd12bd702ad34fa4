/**
 * A policy decision is a plain value: computed with no I/O, reproducible from its inputs.
 */
import type { AccountFacts } from './account.js';
import type { Origin } from './origin.js';

export const EFFECTS = ['allow', 'deny'] as const;
export type Effect = (typeof EFFECTS)[number];

/** Highest precedence first. */
export const LAYERS = ['law', 'terms', 'operator'] as const;
export type LayerName = (typeof LAYERS)[number];

/** What one layer said for one provider. */
export interface LayerResult {
  readonly layer: LayerName;
  readonly effect: Effect;
  /** Stable dotted id, e.g. `law.us_sanctions.cu`, `terms.openai.default`. */
  readonly ruleId: string;
  /** The attribute that matched, e.g. `country=CU`, `subdivision=UA-43`, `asn=28761`; null for a default. */
  readonly matched: string | null;
}

export interface Decision {
  readonly provider: string;
  readonly effect: Effect;
  /** The deciding layer: the first that denied, or for an allow the last layer evaluated. */
  readonly layer: LayerName;
  readonly ruleId: string;
  readonly matched: string | null;
  /** Hash of the policy version (document and presets) that decided. */
  readonly policyHash: string;
  /** Every layer evaluated, in precedence order (stops at the first deny). */
  readonly trail: readonly LayerResult[];
  /**
   * `carrier` when the facts of the IPv6 address that carried the client's IPv4 address decided
   * (`Origin.carrier`): they denied where the client address's facts allowed. Absent when the
   * client address decided.
   */
  readonly decidedOn?: 'carrier';
}

/** Everything a decision depends on. Time is a value, never read from a clock inside policy code. */
export interface PolicyInput {
  readonly origin: Origin;
  readonly account: AccountFacts | null;
  /** Epoch milliseconds. */
  readonly at: number;
}
