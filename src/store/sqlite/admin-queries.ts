/**
 * AdminQueries on SQLite: read-only aggregates over `decision_facts` (migration 0003, written by the
 * evidence store in the audit append's transaction). Each query scans the period by the `at` index;
 * lists (subdivisions, anonymizer, providers) are comma-joined text there.
 */
import type Database from 'better-sqlite3';
import type { AdminQueries, CountryCounts, DecisionRow, DecisionSearch, HourCounts, SubdivisionCounts } from '../admin-query-port.js';
import type { TimeRange } from '../evidence-port.js';

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

export class SqliteAdminQueries implements AdminQueries {
  readonly #db: Database.Database;
  readonly #byCountry;
  readonly #byHour;

  /** Brings the projections up to the audit log; called before every read (projection-catch-up.ts). */
  readonly #catchUp: () => void;

  constructor(db: Database.Database, catchUp: () => void) {
    this.#catchUp = catchUp;
    this.#db = db;
    this.#byCountry = db.prepare<[number, number], CountRow>(
      `SELECT country, subdivisions, sum(outcome = 'routed') AS allowed, sum(outcome = 'refused') AS refused
       FROM decision_facts WHERE at >= ? AND at < ? GROUP BY country, subdivisions`,
    );
    // The bucket width is a literal: a bound JS number is a REAL, and REAL division would not truncate.
    this.#byHour = db.prepare<[number, number], { hour: number; allowed: number; refused: number }>(
      `SELECT (at / ${HOUR_MS}) * ${HOUR_MS} AS hour, sum(outcome = 'routed') AS allowed, sum(outcome = 'refused') AS refused
       FROM decision_facts WHERE at >= ? AND at < ? GROUP BY hour ORDER BY hour`,
    );
  }

  async searchDecisions(search: DecisionSearch): Promise<DecisionRow[]> {
    this.#catchUp();
    const params: Record<string, string | number> = { from: search.range.from ?? 0, to: search.range.to ?? MAX_TIME, limit: search.limit };
    const where = ['at >= @from', 'at < @to'];
    const filters: ReadonlyArray<readonly [string, string | number | undefined]> = [
      ['key_id', search.keyId],
      ['tenant', search.tenant],
      ['country', search.country === 'unknown' ? undefined : search.country],
      ['outcome', search.outcome],
    ];
    for (const [column, value] of filters) {
      if (value === undefined) continue;
      where.push(`${column} = @${column}`);
      params[column] = value;
    }
    if (search.country === 'unknown') where.push('country IS NULL');
    if (search.beforeSeq !== undefined) {
      where.push('seq < @before');
      params.before = search.beforeSeq;
    }
    const rows = this.#db
      .prepare<Record<string, string | number>, FactsRow>(
        `SELECT seq, request_id, at, country, subdivisions, asn, anonymizer, unknown, key_id, tenant, model, providers, outcome, code, provider
         FROM decision_facts WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`,
      )
      .all(params);
    return rows.map(toDecision);
  }

  async countByCountry(range: TimeRange): Promise<{ countries: CountryCounts[]; subdivisions: SubdivisionCounts[] }> {
    this.#catchUp();
    const countries = new Map<string | null, { allowed: number; refused: number }>();
    const subdivisions = new Map<string, { country: string; allowed: number; refused: number }>();
    for (const row of this.#byCountry.all(range.from ?? 0, range.to ?? MAX_TIME)) {
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
    this.#catchUp();
    return this.#byHour.all(range.from ?? 0, range.to ?? MAX_TIME);
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
