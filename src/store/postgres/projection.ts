/**
 * Projections of audit records on PostgreSQL (as sqlite/evidence-projection.ts): decision records
 * become `decision_facts` rows (a later record for the same request replaces the earlier), usage
 * records `usage` rows (the first per request wins, and only it counts in `usage_daily`). Rows carry
 * the index of their record in the batch; `cordon_audit_append` turns it into the record's seq and
 * writes them in the statement that appends the records.
 */
import { readDecisionFacts, readUsageRecord, type AuditEntry } from '../../audit/index.js';
import { decisionFactsRow, type DecisionFactsRow } from '../shared/decision-facts.js';
import { usageFactsRow, type UsageFactsRow } from '../shared/usage-facts.js';

interface DecisionRow extends DecisionFactsRow {
  /** Index of the record in its batch. */
  readonly idx: number;
}

interface UsageRow extends UsageFactsRow {
  readonly idx: number;
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
  return { idx, ...decisionFactsRow(readDecisionFacts(record.at, record.data)) };
}

function usageRow(record: AuditEntry, idx: number): UsageRow {
  return { idx, ...usageFactsRow(record.at, readUsageRecord(record.data)) };
}
