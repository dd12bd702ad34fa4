/**
 * Projections of audit records, written in batches by the catch-up (projection-catch-up.ts): a
 * decision record becomes a `decision_facts` row (what simulation replays); a usage record a `usage`
 * row, an increment of the `usage_daily` rollup and, when it reports tokens, the served columns of its
 * decision's `decision_facts` row (so a replay reads one table, in log order). The audit log stays the
 * source of truth; these tables are indexes over it.
 */
import type Database from 'better-sqlite3';
import { readDecisionFacts, readUsageRecord, type AuditRecord } from '../../audit/index.js';
import { decisionFactsRow, type DecisionFactsRow } from '../shared/decision-facts.js';
import { usageFactsRow, type UsageFactsRow } from '../shared/usage-facts.js';

type DecisionInsertRow = DecisionFactsRow & { readonly seq: number };

type Text = string | null;
type Int = number | null;
/** decision_facts' columns in the insert's order. */
type DecisionParams = [string, number, number, Text, string, Int, string, Text, Text, string, string, Text, string, string, string, Text, Text, Text, Text, Int, Int, Int, Int];
/** usage's columns in the insert's order; the flags as SQLite's 0 and 1. */
type UsageParams = [string, number, number, string, string, string, string, Text, string, string, string, number, number, number, number, number, number, Int];
type ServedParams = [string, string, number, number, number, Int, string];

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Projects records in log order, within the caller's transaction; a record that cannot be read goes to `onError` and is skipped. */
export type Projector = (records: readonly AuditRecord[], onError: (error: unknown, seq: number) => void) => void;

type DecisionRow = DecisionInsertRow & {
  served_provider: string | null;
  served_model: string | null;
  input_tokens: number | null;
  cached_input_tokens: number | null;
  output_tokens: number | null;
  cost_nano_usd: number | null;
};

interface DailyRow {
  readonly day: string;
  readonly key_id: string;
  readonly tenant_id: string;
  readonly tenant: string;
  readonly provider: string;
  readonly upstream_model: string;
  readonly country: string;
  requests: number;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  cost_nano_usd: number;
  unpriced: number;
}

/**
 * A batch is projected with as few statements as it can: a decision and its usage in the same batch
 * become one `decision_facts` insert (the served columns filled in memory), and the batch's usage is
 * added to `usage_daily` once per (day, key, provider, model, country) instead of once per request.
 */
export function createProjector(db: Database.Database): Projector {
  // Positional parameters: binding by name looks each of a row's twenty-odd parameters up on an object.
  const decision = db.prepare<DecisionParams>(
    `INSERT OR REPLACE INTO decision_facts (request_id, seq, at, country, subdivisions, asn, anonymizer, unknown, carrier, key_id, tenant,
       registered_country, model, providers, outcome, code, provider,
       served_provider, served_model, input_tokens, cached_input_tokens, output_tokens, cost_nano_usd)
     VALUES (${placeholders(23)})`,
  );
  const usage = db.prepare<UsageParams>(
    `INSERT OR IGNORE INTO usage (request_id, seq, at, day, key_id, tenant_id, tenant, country, model, provider, upstream_model,
       status, complete, reported, input_tokens, cached_input_tokens, output_tokens, cost_nano_usd)
     VALUES (${placeholders(18)})`,
  );
  const served = db.prepare<ServedParams>(
    `UPDATE decision_facts SET served_provider = ?, served_model = ?, input_tokens = ?, cached_input_tokens = ?, output_tokens = ?, cost_nano_usd = ?
     WHERE request_id = ?`,
  );
  const daily = db.prepare<DailyRow>(
    `INSERT INTO usage_daily (day, key_id, tenant_id, tenant, provider, upstream_model, country, requests, input_tokens,
       cached_input_tokens, output_tokens, cost_nano_usd, unpriced)
     VALUES (@day, @key_id, @tenant_id, @tenant, @provider, @upstream_model, @country, @requests, @input_tokens,
       @cached_input_tokens, @output_tokens, @cost_nano_usd, @unpriced)
     ON CONFLICT (day, key_id, provider, upstream_model, country) DO UPDATE SET
       requests = requests + excluded.requests,
       input_tokens = input_tokens + excluded.input_tokens,
       cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
       output_tokens = output_tokens + excluded.output_tokens,
       cost_nano_usd = cost_nano_usd + excluded.cost_nano_usd,
       unpriced = unpriced + excluded.unpriced`,
  );

  return (records, onError) => {
    /** This batch's decisions, by request id, inserted at the end with whatever usage the batch brought. */
    const decisions = new Map<string, DecisionRow>();
    const rollup = new Map<string, DailyRow>();
    for (const record of records) {
      try {
        if (record.kind === 'decision') {
          const row: DecisionRow = { seq: record.seq, ...decisionFactsRow(readDecisionFacts(record.at, record.data)), served_provider: null, served_model: null, input_tokens: null, cached_input_tokens: null, output_tokens: null, cost_nano_usd: null };
          decisions.set(row.request_id, row);
        } else if (record.kind === 'usage') {
          const u = usageFactsRow(record.at, readUsageRecord(record.data));
          // A request has one usage row; a second usage record for it (never written by Cordon) is only in the log.
          if (usage.run(...usageParams(u, record.seq)).changes !== 1) continue;
          addToRollup(rollup, u);
          if (!u.reported) continue;
          const d = decisions.get(u.request_id);
          if (d === undefined) served.run(u.provider, u.upstream_model, u.input_tokens, u.cached_input_tokens, u.output_tokens, u.cost_nano_usd, u.request_id);
          else Object.assign(d, { served_provider: u.provider, served_model: u.upstream_model, input_tokens: u.input_tokens, cached_input_tokens: u.cached_input_tokens, output_tokens: u.output_tokens, cost_nano_usd: u.cost_nano_usd });
        }
      } catch (error) {
        onError(error, record.seq);
      }
    }
    for (const row of decisions.values()) decision.run(...decisionParams(row));
    for (const row of rollup.values()) daily.run(row);
  };
}

function decisionParams(r: DecisionRow): DecisionParams {
  return [
    r.request_id, r.seq, r.at, r.country, r.subdivisions, r.asn, r.anonymizer, r.unknown, r.carrier, r.key_id, r.tenant,
    r.registered_country, r.model, r.providers, r.outcome, r.code, r.provider,
    r.served_provider, r.served_model, r.input_tokens, r.cached_input_tokens, r.output_tokens, r.cost_nano_usd,
  ];
}

function usageParams(u: UsageFactsRow, seq: number): UsageParams {
  return [
    u.request_id, seq, u.at, u.day, u.key_id, u.tenant_id, u.tenant, u.country, u.model, u.provider, u.upstream_model,
    u.status, u.complete ? 1 : 0, u.reported ? 1 : 0, u.input_tokens, u.cached_input_tokens, u.output_tokens, u.cost_nano_usd,
  ];
}

function addToRollup(rollup: Map<string, DailyRow>, u: UsageFactsRow): void {
  const country = u.country ?? '';
  const key = `${u.day}\u0000${u.key_id}\u0000${u.provider}\u0000${u.upstream_model}\u0000${country}`;
  let row = rollup.get(key);
  if (row === undefined) {
    row = { day: u.day, key_id: u.key_id, tenant_id: u.tenant_id, tenant: u.tenant, provider: u.provider, upstream_model: u.upstream_model, country, requests: 0, input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, cost_nano_usd: 0, unpriced: 0 };
    rollup.set(key, row);
  }
  row.requests += 1;
  row.input_tokens += u.input_tokens;
  row.cached_input_tokens += u.cached_input_tokens;
  row.output_tokens += u.output_tokens;
  row.cost_nano_usd += u.cost_nano_usd ?? 0;
  if (u.reported && u.cost_nano_usd === null) row.unpriced += 1;
}
