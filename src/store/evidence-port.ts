/**
 * Evidence beside the audit log: usage and cost (per request and rolled up per day), the recorded
 * requests simulation replays, policy versions, and the shadow policy with the differences it found.
 * Usage rows and recorded requests are projections of the audit log's records, written in the same
 * transaction as the record they come from (audit-port.ts).
 */
import type { RecordedRequest } from '../domain/recorded.js';

export interface TimeRange {
  /** Inclusive, epoch ms; null: from the start. */
  readonly from: number | null;
  /** Exclusive, epoch ms; null: to the end. */
  readonly to: number | null;
}

export const USAGE_DIMENSIONS = ['day', 'tenant', 'key', 'country', 'provider', 'model'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

export interface UsageTotals {
  readonly requests: number;
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
  readonly costNanoUsd: number;
  /** Requests whose deployment had no price (counted in tokens, not in cost). */
  readonly unpriced: number;
}

export interface UsageRow extends UsageTotals {
  /** One value per requested dimension, in the order asked; null for an unknown country. */
  readonly group: Readonly<Partial<Record<UsageDimension, string | null>>>;
}

export interface UsageQueries {
  /** From the daily rollup: whole UTC days, `from` and `to` rounded down to their day. */
  summary(range: TimeRange, by: readonly UsageDimension[]): Promise<UsageRow[]>;
}

export interface RecordedRequests {
  /**
   * Recorded decisions with `from <= at < to` and their usage, each once, in batches of at most
   * `batchSize`. The order is the backend's (SQLite: log order); replays do not depend on it.
   */
  scan(range: TimeRange, batchSize?: number): AsyncIterable<readonly RecordedRequest[]>;
  count(range: TimeRange): Promise<number>;
}

export type PolicyAction = 'apply' | 'rollback';

export interface NewPolicyVersion {
  /** The YAML text as given. */
  readonly document: string;
  readonly hash: string;
  /** Where it came from: a file path, or `v3` for a rollback. */
  readonly source: string;
  readonly author: string;
  readonly reason: string;
  readonly approval: string | null;
  readonly action: PolicyAction;
  readonly restores: number | null;
  readonly opensAtLaw: readonly string[];
  readonly createdAt: number;
  readonly effectiveFrom: number;
  /** The live policy it replaces (for the audit record): a version, or the config's policy (null version). */
  readonly previous: { readonly version: number | null; readonly hash: string } | null;
}

export interface PolicyVersion extends Omit<NewPolicyVersion, 'previous'> {
  /** 1, 2, 3, … */
  readonly id: number;
}

export interface PolicyVersions {
  /** Stores the version and appends its `policy_change` audit record, in one transaction. */
  add(version: NewPolicyVersion): Promise<PolicyVersion>;
  get(id: number): Promise<PolicyVersion | null>;
  /** Oldest first. */
  list(): Promise<PolicyVersion[]>;
  /** The version in force at `at`: the latest by effective time. Null when none was ever applied. */
  live(at: number): Promise<PolicyVersion | null>;
  /** The live version's id only: the cheap question the gateway asks every second. */
  liveId(at: number): Promise<number | null>;
}

export interface ShadowPolicy {
  readonly document: string;
  readonly hash: string;
  readonly source: string;
  readonly startedAt: number;
}

/** One provider whose effect differs between the live and the shadow policy, for one request. */
export interface ShadowDifference {
  readonly requestId: string;
  readonly at: number;
  readonly liveHash: string;
  readonly shadowHash: string;
  readonly country: string | null;
  readonly subdivisions: readonly string[];
  readonly keyId: string;
  readonly tenant: string;
  readonly model: string;
  readonly provider: string;
  readonly liveEffect: 'allow' | 'deny';
  readonly liveRule: string;
  readonly shadowEffect: 'allow' | 'deny';
  readonly shadowRule: string;
}

export interface ShadowReportRow {
  readonly country: string | null;
  readonly provider: string;
  /** `allow→deny` or `deny→allow`. */
  readonly change: 'allow_to_deny' | 'deny_to_allow';
  readonly requests: number;
  readonly keys: number;
  /** The rule that decided under the shadow policy, most frequent first (at most three). */
  readonly shadowRules: readonly string[];
}

export interface ShadowStore {
  get(): Promise<ShadowPolicy | null>;
  set(policy: ShadowPolicy): Promise<void>;
  /** True when a shadow policy was running. */
  clear(): Promise<boolean>;
  /** Resolves once committed (callers on the request path do not wait for it). */
  recordDifferences(rows: readonly ShadowDifference[]): Promise<void>;
  differences(range: TimeRange, limit: number): Promise<ShadowDifference[]>;
  report(range: TimeRange, shadowHash: string | null): Promise<ShadowReportRow[]>;
}

export interface EvidenceStore {
  readonly usage: UsageQueries;
  readonly requests: RecordedRequests;
  readonly policies: PolicyVersions;
  readonly shadow: ShadowStore;
}
