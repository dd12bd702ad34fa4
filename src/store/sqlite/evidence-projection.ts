/**
 * Projections of audit records, written in the transaction that appends the record: a decision
 * record becomes a `decision_facts` row (what simulation replays); a usage record a `usage` row, an
 * increment of the `usage_daily` rollup and, when it reports tokens, the served columns of its
 * decision's `decision_facts` row (so a replay reads one table, in log order). The audit log stays the source of truth; these tables
 * are indexes over it.
 */
import type Database from 'better-sqlite3';
import { readDecisionFacts, readUsageRecord, type AuditRecord } from '../../audit/index.js';
import { decisionFactsRow, type DecisionFactsRow } from '../shared/decision-facts.js';
import { usageFactsRow, type UsageFactsRow } from '../shared/usage-facts.js';

type DecisionInsertRow = DecisionFactsRow & { readonly seq: number };

/** The shared usage row with its flags as SQLite's 0 and 1. */
type UsageInsertRow = Omit<UsageFactsRow, 'complete' | 'reported'> & { readonly seq: number; readonly complete: number; readonly reported: number };

export type Projector = (record: AuditRecord) => void;

export function createProjector(db: Database.Database): Projector {
  const decision = db.prepare<DecisionInsertRow>(
    `INSERT OR REPLACE INTO decision_facts (request_id, seq, at, country, subdivisions, asn, anonymizer, unknown, key_id, tenant,
       registered_country, model, providers, outcome, code, provider)
     VALUES (@request_id, @seq, @at, @country, @subdivisions, @asn, @anonymizer, @unknown, @key_id, @tenant,
       @registered_country, @model, @providers, @outcome, @code, @provider)`,
  );
  const usage = db.prepare<UsageInsertRow>(
    `INSERT OR IGNORE INTO usage (request_id, seq, at, day, key_id, tenant_id, tenant, country, model, provider, upstream_model,
       status, complete, reported, input_tokens, cached_input_tokens, output_tokens, cost_nano_usd)
     VALUES (@request_id, @seq, @at, @day, @key_id, @tenant_id, @tenant, @country, @model, @provider, @upstream_model,
       @status, @complete, @reported, @input_tokens, @cached_input_tokens, @output_tokens, @cost_nano_usd)`,
  );
  const served = db.prepare<UsageInsertRow>(
    `UPDATE decision_facts SET served_provider = @provider, served_model = @upstream_model, input_tokens = @input_tokens,
       cached_input_tokens = @cached_input_tokens, output_tokens = @output_tokens, cost_nano_usd = @cost_nano_usd
     WHERE request_id = @request_id`,
  );
  const daily = db.prepare<UsageInsertRow>(
    `INSERT INTO usage_daily (day, key_id, tenant_id, tenant, provider, upstream_model, country, requests, input_tokens,
       cached_input_tokens, output_tokens, cost_nano_usd, unpriced)
     VALUES (@day, @key_id, @tenant_id, @tenant, @provider, @upstream_model, coalesce(@country, ''), 1, @input_tokens,
       @cached_input_tokens, @output_tokens, coalesce(@cost_nano_usd, 0), @reported = 1 AND @cost_nano_usd IS NULL)
     ON CONFLICT (day, key_id, provider, upstream_model, country) DO UPDATE SET
       requests = requests + 1,
       input_tokens = input_tokens + excluded.input_tokens,
       cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
       output_tokens = output_tokens + excluded.output_tokens,
       cost_nano_usd = cost_nano_usd + excluded.cost_nano_usd,
       unpriced = unpriced + excluded.unpriced`,
  );

  return (record) => {
    if (record.kind === 'decision') {
      decision.run({ seq: record.seq, ...decisionFactsRow(readDecisionFacts(record.at, record.data)) });
    } else if (record.kind === 'usage') {
      const u = usageFactsRow(record.at, readUsageRecord(record.data));
      const row: UsageInsertRow = { ...u, seq: record.seq, complete: u.complete ? 1 : 0, reported: u.reported ? 1 : 0 };
      // A request has one usage row; a second usage record for it (never written by Cordon) is only in the log.
      if (usage.run(row).changes !== 1) return;
      daily.run(row);
      if (row.reported === 1) served.run(row);
    }
  };
}
