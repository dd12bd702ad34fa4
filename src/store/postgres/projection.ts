/**
 * Projections of audit records on PostgreSQL (as sqlite/evidence-projection.ts): decision records
 * become `decision_facts` rows (a later record for the same request replaces the earlier), usage
 * records `usage` rows (the first per request wins, and only it counts in `usage_daily`). Rows carry
 * the index of their record in the batch; `cordon_audit_append` turns it into the record's seq and
 * writes them in the statement that appends the records.
 */
import { readDecisionFacts, readUsageRecord, type AuditEntry } from '../../audit/index.js';
import { LIST_SEPARATOR } from '../sqlite/evidence-projection.js';

interface DecisionRow {
  /** Index of the record in its batch. */
  readonly idx: number;
  readonly request_id: string;
  readonly at: number;
  readonly country: string | null;
  readonly subdivisions: string;
  readonly asn: number | null;
  readonly anonymizer: string;
  readonly unknown: string | null;
  readonly key_id: string;
  readonly tenant: string;
  readonly registered_country: string | null;
  readonly model: string;
  readonly providers: string;
  readonly outcome: string;
  readonly code: string | null;
  readonly provider: string | null;
}

interface UsageRow {
  readonly idx: number;
  readonly request_id: string;
  readonly at: number;
  readonly day: string;
  readonly key_id: string;
  readonly tenant_id: string;
  readonly tenant: string;
  readonly country: string | null;
  readonly model: string;
  readonly provider: string;
  readonly upstream_model: string;
  readonly status: number;
  readonly complete: boolean;
  readonly reported: boolean;
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly output_tokens: number;
  readonly cost_nano_usd: number | null;
}

/** The projection rows of some records; throws (before any SQL) when a record's data is malformed. */
export interface Projection {
  readonly decisions: readonly DecisionRow[];
  readonly usage: readonly UsageRow[];
}

export function projectionOf(entry: AuditEntry, idx: number): Projection {
  if (entry.kind === 'decision') return { decisions: [decisionRow(entry, idx)], usage: [] };
  if (entry.kind === 'usage') return { decisions: [], usage: [usageRow(entry, idx)] };
  return NONE;
}

const NONE: Projection = { decisions: [], usage: [] };

/** The rows of a batch as JSON for `cordon_audit_append`: one decision row per request (the last), one usage row (the first). */
export function projectionJson(projections: readonly Projection[]): { readonly decisions: string; readonly usage: string } {
  const decisions = new Map<string, DecisionRow>();
  const usage = new Map<string, UsageRow>();
  for (const p of projections) {
    for (const d of p.decisions) decisions.set(d.request_id, d);
    for (const u of p.usage) if (!usage.has(u.request_id)) usage.set(u.request_id, u);
  }
  return { decisions: JSON.stringify([...decisions.values()]), usage: JSON.stringify([...usage.values()]) };
}

function decisionRow(record: AuditEntry, idx: number): DecisionRow {
  const f = readDecisionFacts(record.at, record.data);
  return {
    idx,
    request_id: f.requestId,
    at: f.at,
    country: f.country,
    subdivisions: f.subdivisions.join(LIST_SEPARATOR),
    asn: f.asn,
    anonymizer: f.anonymizer.join(LIST_SEPARATOR),
    unknown: f.unknown,
    key_id: f.keyId,
    tenant: f.tenant,
    registered_country: f.registeredCountry,
    model: f.model,
    providers: f.providers.join(LIST_SEPARATOR),
    outcome: f.outcome,
    code: f.code,
    provider: f.provider,
  };
}

function usageRow(record: AuditEntry, idx: number): UsageRow {
  const u = readUsageRecord(record.data);
  return {
    idx,
    request_id: u.requestId,
    at: record.at,
    day: new Date(record.at).toISOString().slice(0, 10),
    key_id: u.keyId,
    tenant_id: u.tenantId,
    tenant: u.tenant,
    country: u.country,
    model: u.model,
    provider: u.provider,
    upstream_model: u.upstreamModel,
    status: u.status,
    complete: u.complete,
    reported: u.usage !== null,
    input_tokens: u.usage?.inputTokens ?? 0,
    cached_input_tokens: u.usage?.cachedInputTokens ?? 0,
    output_tokens: u.usage?.outputTokens ?? 0,
    cost_nano_usd: u.costNanoUsd,
  };
}
