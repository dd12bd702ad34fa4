/**
 * Projections of audit records on PostgreSQL (as sqlite/evidence-projection.ts): decision records
 * become `decision_facts` rows (a later record for the same request replaces the earlier), usage
 * records `usage` rows (the first per request wins, and only it counts in `usage_daily`).
 * `cordon_audit_append` writes them in the statement that appends the records, given with the index
 * of their record in the batch, which it turns into the record's seq.
 */
import { readDecisionFacts, readUsageRecord, type AuditEntry } from '../../audit/index.js';
import { decisionFactsRow, type DecisionFactsRow } from '../shared/decision-facts.js';
import { usageFactsRow, type UsageFactsRow } from '../shared/usage-facts.js';

/** The projection rows of one record (none for kinds other than decision and usage). */
export interface Projection {
  readonly decisions: readonly DecisionFactsRow[];
  readonly usage: readonly UsageFactsRow[];
}

/** Throws when the record's data is malformed: entries are projected before they are queued, so such an entry is refused alone. */
export function projectionOf(entry: AuditEntry): Projection {
  if (entry.kind === 'decision') return { decisions: [decisionFactsRow(readDecisionFacts(entry.at, entry.data))], usage: [] };
  if (entry.kind === 'usage') return { decisions: [], usage: [usageFactsRow(entry.at, readUsageRecord(entry.data))] };
  return NONE;
}

const NONE: Projection = { decisions: [], usage: [] };

/**
 * The rows of a batch, record `idx` after record `idx - 1`, as JSON for `cordon_audit_append`: one
 * decision row per request (the last), one usage row (the first).
 */
export function projectionJson(projections: readonly Projection[]): { readonly decisions: string; readonly usage: string } {
  const decisions = new Map<string, DecisionFactsRow & { readonly idx: number }>();
  const usage = new Map<string, UsageFactsRow & { readonly idx: number }>();
  projections.forEach((p, idx) => {
    for (const d of p.decisions) decisions.set(d.request_id, { idx, ...d });
    for (const u of p.usage) if (!usage.has(u.request_id)) usage.set(u.request_id, { idx, ...u });
  });
  return { decisions: JSON.stringify([...decisions.values()]), usage: JSON.stringify([...usage.values()]) };
}
