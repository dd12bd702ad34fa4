/**
 * Projections of audit records on PostgreSQL (as sqlite/evidence-projection.ts): decision records
 * become `decision_facts` rows (a later record for the same request replaces the earlier), usage
 * records `usage` rows (the first per request wins) and increments of the `usage_daily` rollup. Written
 * in the transaction that appends the records, a few statements per batch whatever its size.
 */
import { readDecisionFacts, readUsageRecord, type AuditRecord } from '../../audit/index.js';
import { LIST_SEPARATOR } from '../sqlite/evidence-projection.js';
import { bulkInsert, type Columns } from './bulk.js';
import type { Queryable } from './connection.js';

interface DecisionRow {
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

interface UsageRow {
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
  readonly complete: boolean;
  readonly reported: boolean;
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly output_tokens: number;
  readonly cost_nano_usd: number | null;
}

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

const DECISION_COLUMNS: Columns<DecisionRow> = [
  ['request_id', 'text'], ['seq', 'int8'], ['at', 'int8'], ['country', 'text'], ['subdivisions', 'text'], ['asn', 'int8'],
  ['anonymizer', 'text'], ['unknown', 'text'], ['key_id', 'text'], ['tenant', 'text'], ['registered_country', 'text'],
  ['model', 'text'], ['providers', 'text'], ['outcome', 'text'], ['code', 'text'], ['provider', 'text'],
];
const USAGE_COLUMNS: Columns<UsageRow> = [
  ['request_id', 'text'], ['seq', 'int8'], ['at', 'int8'], ['day', 'text'], ['key_id', 'text'], ['tenant_id', 'text'], ['tenant', 'text'],
  ['country', 'text'], ['model', 'text'], ['provider', 'text'], ['upstream_model', 'text'], ['status', 'int4'], ['complete', 'bool'],
  ['reported', 'bool'], ['input_tokens', 'int8'], ['cached_input_tokens', 'int8'], ['output_tokens', 'int8'], ['cost_nano_usd', 'int8'],
];
const DAILY_COLUMNS: Columns<DailyRow> = [
  ['day', 'text'], ['key_id', 'text'], ['tenant_id', 'text'], ['tenant', 'text'], ['provider', 'text'], ['upstream_model', 'text'],
  ['country', 'text'], ['requests', 'int8'], ['input_tokens', 'int8'], ['cached_input_tokens', 'int8'], ['output_tokens', 'int8'],
  ['cost_nano_usd', 'int8'], ['unpriced', 'int8'],
];

const DECISION_UPDATE = DECISION_COLUMNS.filter(([c]) => c !== 'request_id').map(([c]) => `${c} = excluded.${c}`).join(', ');
const DAILY_ADD = ['requests', 'input_tokens', 'cached_input_tokens', 'output_tokens', 'cost_nano_usd', 'unpriced']
  .map((c) => `${c} = usage_daily.${c} + excluded.${c}`)
  .join(', ');

/** The projection rows of some records; throws (before any SQL) when a record's data is malformed. */
export interface Projection {
  readonly decisions: readonly DecisionRow[];
  readonly usage: readonly UsageRow[];
}

export function projectionOf(record: AuditRecord): Projection {
  if (record.kind === 'decision') return { decisions: [decisionRow(record)], usage: [] };
  if (record.kind === 'usage') return { decisions: [], usage: [usageRow(record)] };
  return { decisions: [], usage: [] };
}

export async function writeProjections(tx: Queryable, projections: readonly Projection[]): Promise<void> {
  const decisions = new Map<string, DecisionRow>();
  const usage = new Map<string, UsageRow>();
  for (const p of projections) {
    for (const d of p.decisions) decisions.set(d.request_id, d);
    for (const u of p.usage) if (!usage.has(u.request_id)) usage.set(u.request_id, u);
  }
  await bulkInsert(tx, 'decision_facts', DECISION_COLUMNS, [...decisions.values()], `ON CONFLICT (request_id) DO UPDATE SET ${DECISION_UPDATE}`);
  const inserted = await bulkInsert<UsageRow, { request_id: string }>(tx, 'usage', USAGE_COLUMNS, [...usage.values()], 'ON CONFLICT (request_id) DO NOTHING RETURNING request_id');
  const daily = new Map<string, DailyRow>();
  for (const { request_id } of inserted) {
    const u = usage.get(request_id);
    if (u === undefined) continue;
    const country = u.country ?? '';
    const key = JSON.stringify([u.day, u.key_id, u.provider, u.upstream_model, country]);
    const row = daily.get(key) ?? { day: u.day, key_id: u.key_id, tenant_id: u.tenant_id, tenant: u.tenant, provider: u.provider, upstream_model: u.upstream_model, country, requests: 0, input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, cost_nano_usd: 0, unpriced: 0 };
    row.requests += 1;
    row.input_tokens += u.input_tokens;
    row.cached_input_tokens += u.cached_input_tokens;
    row.output_tokens += u.output_tokens;
    row.cost_nano_usd += u.cost_nano_usd ?? 0;
    row.unpriced += u.cost_nano_usd === null ? 1 : 0;
    daily.set(key, row);
  }
  await bulkInsert(tx, 'usage_daily', DAILY_COLUMNS, [...daily.values()], `ON CONFLICT (day, key_id, provider, upstream_model, country) DO UPDATE SET ${DAILY_ADD}`);
}

function decisionRow(record: AuditRecord): DecisionRow {
  const f = readDecisionFacts(record.at, record.data);
  return {
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
  };
}

function usageRow(record: AuditRecord): UsageRow {
  const u = readUsageRecord(record.data);
  return {
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
    complete: u.complete,
    reported: u.usage !== null,
    input_tokens: u.usage?.inputTokens ?? 0,
    cached_input_tokens: u.usage?.cachedInputTokens ?? 0,
    output_tokens: u.usage?.outputTokens ?? 0,
    cost_nano_usd: u.costNanoUsd,
  };
}
