/**
 * Projections of audit records, written in the transaction that appends the record: a decision
 * record becomes a `decision_facts` row (what simulation replays); a usage record a `usage` row, an
 * increment of the `usage_daily` rollup and, when it reports tokens, the served columns of its
 * decision's `decision_facts` row (so a replay reads one table, in log order). The audit log stays the source of truth; these tables
 * are indexes over it.
 */
import type Database from 'better-sqlite3';
import { readDecisionFacts, readUsageRecord, type AuditRecord } from '../../audit/index.js';

interface DecisionFactsRow {
  readonly request_id: string;
  readonly seq: number;
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

interface UsageInsertRow {
  readonly request_id: string;
  readonly seq: number;
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
  readonly complete: number;
  readonly reported: number;
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly output_tokens: number;
  readonly cost_nano_usd: number | null;
}

/** Lists (subdivisions, anonymizer flags, providers) are kept as comma-joined text: none contains a comma. */
export const LIST_SEPARATOR = ',';

export type Projector = (record: AuditRecord) => void;

export function createProjector(db: Database.Database): Projector {
  const decision = db.prepare<DecisionFactsRow>(
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
      const f = readDecisionFacts(record.at, record.data);
      decision.run({
        request_id: f.requestId,
        seq: record.seq,
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
      });
    } else if (record.kind === 'usage') {
      const u = readUsageRecord(record.data);
      const row: UsageInsertRow = {
        request_id: u.requestId,
        seq: record.seq,
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
        complete: u.complete ? 1 : 0,
        reported: u.usage === null ? 0 : 1,
        input_tokens: u.usage?.inputTokens ?? 0,
        cached_input_tokens: u.usage?.cachedInputTokens ?? 0,
        output_tokens: u.usage?.outputTokens ?? 0,
        cost_nano_usd: u.costNanoUsd,
      };
      // A request has one usage row; a second usage record for it (never written by Cordon) is only in the log.
      if (usage.run(row).changes !== 1) return;
      daily.run(row);
      if (row.reported === 1) served.run(row);
    }
  };
}
