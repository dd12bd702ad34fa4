/**
 * Rows of `shadow_policy` and `shadow_differences` and their domain forms, the same in both backends
 * (subdivisions are comma-joined text, lists.ts). The report row is what each backend's report query
 * returns: the differing requests grouped by country, provider and live effect.
 */
import type { ShadowDifference, ShadowPolicy, ShadowReportRow } from '../evidence-port.js';
import { joinList, splitList } from './lists.js';

export interface ShadowPolicyRow {
  readonly document: string;
  readonly hash: string;
  readonly source: string;
  readonly started_at: number;
}

export interface DifferenceRow {
  readonly request_id: string;
  readonly at: number;
  readonly live_hash: string;
  readonly shadow_hash: string;
  readonly country: string | null;
  readonly subdivisions: string;
  readonly key_id: string;
  readonly tenant: string;
  readonly model: string;
  readonly provider: string;
  readonly live_effect: string;
  readonly live_rule: string;
  readonly shadow_effect: string;
  readonly shadow_rule: string;
}

export interface ReportQueryRow {
  readonly country: string | null;
  readonly provider: string;
  readonly live_effect: string;
  readonly requests: number;
  readonly keys: number;
  /** The top shadow rules, space-separated; null or empty when none. */
  readonly rules: string | null;
}

export function toShadowPolicy(row: ShadowPolicyRow): ShadowPolicy {
  return { document: row.document, hash: row.hash, source: row.source, startedAt: row.started_at };
}

export function toDifferenceRow(d: ShadowDifference): DifferenceRow {
  return {
    request_id: d.requestId,
    at: d.at,
    live_hash: d.liveHash,
    shadow_hash: d.shadowHash,
    country: d.country,
    subdivisions: joinList(d.subdivisions),
    key_id: d.keyId,
    tenant: d.tenant,
    model: d.model,
    provider: d.provider,
    live_effect: d.liveEffect,
    live_rule: d.liveRule,
    shadow_effect: d.shadowEffect,
    shadow_rule: d.shadowRule,
  };
}

export function toDifference(r: DifferenceRow): ShadowDifference {
  return {
    requestId: r.request_id,
    at: r.at,
    liveHash: r.live_hash,
    shadowHash: r.shadow_hash,
    country: r.country,
    subdivisions: splitList(r.subdivisions),
    keyId: r.key_id,
    tenant: r.tenant,
    model: r.model,
    provider: r.provider,
    liveEffect: r.live_effect === 'allow' ? 'allow' : 'deny',
    liveRule: r.live_rule,
    shadowEffect: r.shadow_effect === 'allow' ? 'allow' : 'deny',
    shadowRule: r.shadow_rule,
  };
}

export function toReportRow(r: ReportQueryRow): ShadowReportRow {
  return {
    country: r.country,
    provider: r.provider,
    change: r.live_effect === 'allow' ? 'allow_to_deny' : 'deny_to_allow',
    requests: r.requests,
    keys: r.keys,
    shadowRules: r.rules === null || r.rules === '' ? [] : r.rules.split(' '),
  };
}
