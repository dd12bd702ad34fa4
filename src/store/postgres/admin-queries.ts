/** AdminQueries on PostgreSQL: read-only aggregates over `decision_facts`, scanned by its `at` index. */
import type { AdminQueries, CountryCounts, DecisionRow, DecisionSearch, HourCounts, SubdivisionCounts } from '../admin-query-port.js';
import type { TimeRange } from '../evidence-port.js';
import type { Db } from './connection.js';

const HOUR_MS = 3_600_000;
const MAX_TIME = Number.MAX_SAFE_INTEGER;

interface FactsRow {
  readonly seq: number;
  readonly request_id: string;
  readonly at: number;
  readonly country: string | null;
  readonly subdivisions: string;
  readonly asn: number | null;
  readonly anonymizer: string;
  readonly unknown: string | null;
  readonly key_id: string;
  readonly tenant: string;
  readonly model: string;
  readonly providers: string;
  readonly outcome: string;
  readonly code: string | null;
  readonly provider: string | null;
}

interface CountRow {
  readonly country: string | null;
  readonly subdivisions: string;
  readonly allowed: number;
  readonly refused: number;
}

const COUNTS = "count(*) FILTER (WHERE outcome = 'routed')::int8 AS allowed, count(*) FILTER (WHERE outcome = 'refused')::int8 AS refused";

export class PgAdminQueries implements AdminQueries {
  constructor(private readonly db: Db) {}

  async searchDecisions(search: DecisionSearch): Promise<DecisionRow[]> {
    const values: unknown[] = [search.range.from ?? 0, search.range.to ?? MAX_TIME, search.limit];
    const where = ['at >= $1', 'at < $2'];
    const filters: ReadonlyArray<readonly [string, string | undefined]> = [
      ['key_id', search.keyId],
      ['tenant', search.tenant],
      ['country', search.country === 'unknown' ? undefined : search.country],
      ['outcome', search.outcome],
    ];
    for (const [column, value] of filters) if (value !== undefined) where.push(`${column} = $${values.push(value)}`);
    if (search.country === 'unknown') where.push('country IS NULL');
    if (search.beforeSeq !== undefined) where.push(`seq < $${values.push(search.beforeSeq)}`);
    const rows = await this.db.query<FactsRow>(
      `SELECT seq, request_id, at, country, subdivisions, asn, anonymizer, unknown, key_id, tenant, model, providers, outcome, code, provider
       FROM decision_facts WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $3`,
      values,
    );
    return rows.map(toDecision);
  }

  async countByCountry(range: TimeRange): Promise<{ countries: CountryCounts[]; subdivisions: SubdivisionCounts[] }> {
    const rows = await this.db.query<CountRow>(
      `SELECT country, subdivisions, ${COUNTS} FROM decision_facts WHERE at >= $1 AND at < $2 GROUP BY country, subdivisions
       ORDER BY country COLLATE "C" NULLS FIRST, subdivisions COLLATE "C"`,
      [range.from ?? 0, range.to ?? MAX_TIME],
    );
    const countries = new Map<string | null, { allowed: number; refused: number }>();
    const subdivisions = new Map<string, { country: string; allowed: number; refused: number }>();
    for (const row of rows) {
      add(countries, row.country, row);
      const first = split(row.subdivisions)[0];
      if (row.country !== null && first !== undefined) {
        const s = subdivisions.get(first) ?? { country: row.country, allowed: 0, refused: 0 };
        subdivisions.set(first, { country: s.country, allowed: s.allowed + row.allowed, refused: s.refused + row.refused });
      }
    }
    return {
      countries: [...countries].map(([country, c]) => ({ country, ...c })),
      subdivisions: [...subdivisions].map(([subdivision, s]) => ({ subdivision, ...s })),
    };
  }

  async countByHour(range: TimeRange): Promise<HourCounts[]> {
    return this.db.query<HourCounts>(
      `SELECT (at / $1) * $1 AS hour, ${COUNTS} FROM decision_facts WHERE at >= $2 AND at < $3 GROUP BY 1 ORDER BY 1`,
      [HOUR_MS, range.from ?? 0, range.to ?? MAX_TIME],
    );
  }
}

function add<K>(map: Map<K, { allowed: number; refused: number }>, key: K, row: { allowed: number; refused: number }): void {
  const c = map.get(key) ?? { allowed: 0, refused: 0 };
  map.set(key, { allowed: c.allowed + row.allowed, refused: c.refused + row.refused });
}

function split(list: string): string[] {
  return list === '' ? [] : list.split(',');
}

function toDecision(r: FactsRow): DecisionRow {
  return {
    seq: r.seq,
    requestId: r.request_id,
    at: r.at,
    country: r.country,
    subdivisions: split(r.subdivisions),
    asn: r.asn,
    anonymizer: split(r.anonymizer),
    unknown: r.unknown,
    keyId: r.key_id,
    tenant: r.tenant,
    model: r.model,
    providers: split(r.providers),
    outcome: r.outcome === 'refused' ? 'refused' : 'routed',
    code: r.code,
    provider: r.provider,
  };
}
