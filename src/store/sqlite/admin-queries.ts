/**
 * AdminQueries on SQLite: read-only aggregates over `decision_facts` (migration 0003), caught up with
 * the audit log before each query (ADR 0009). Each query scans the period by the `at` index;
 * lists (subdivisions, anonymizer, providers) are comma-joined text there.
 */
import type Database from 'better-sqlite3';
import type { AdminQueries, CountryCounts, DecisionRow, DecisionSearch, HourCounts, SubdivisionCounts } from '../admin-query-port.js';
import type { TimeRange } from '../evidence-port.js';
import { countByCountry, type CountRow } from '../shared/country-counts.js';
import { DECISION_SEARCH_COLUMNS, equalityFilters, toDecisionRow, type DecisionSearchRow } from '../shared/decision-search.js';

const HOUR_MS = 3_600_000;
const MAX_TIME = Number.MAX_SAFE_INTEGER;

export class SqliteAdminQueries implements AdminQueries {
  readonly #db: Database.Database;
  readonly #byCountry;
  readonly #byHour;

  /** Brings the projections up to the audit log; called before every read (projection-catch-up.ts). */
  readonly #catchUp: () => Promise<void>;

  constructor(db: Database.Database, catchUp: () => Promise<void>) {
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
    await this.#catchUp();
    const params: Record<string, string | number> = { from: search.range.from ?? 0, to: search.range.to ?? MAX_TIME, limit: search.limit };
    const where = ['at >= @from', 'at < @to'];
    for (const [column, value] of equalityFilters(search)) {
      where.push(`${column} = @${column}`);
      params[column] = value;
    }
    if (search.country === 'unknown') where.push('country IS NULL');
    if (search.beforeSeq !== undefined) {
      where.push('seq < @before');
      params.before = search.beforeSeq;
    }
    const rows = this.#db
      .prepare<Record<string, string | number>, DecisionSearchRow>(
        `SELECT ${DECISION_SEARCH_COLUMNS} FROM decision_facts WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`,
      )
      .all(params);
    return rows.map(toDecisionRow);
  }

  async countByCountry(range: TimeRange): Promise<{ countries: CountryCounts[]; subdivisions: SubdivisionCounts[] }> {
    await this.#catchUp();
    return countByCountry(this.#byCountry.all(range.from ?? 0, range.to ?? MAX_TIME));
  }

  async countByHour(range: TimeRange): Promise<HourCounts[]> {
    await this.#catchUp();
    return this.#byHour.all(range.from ?? 0, range.to ?? MAX_TIME);
  }
}
