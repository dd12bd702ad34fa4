/** AdminQueries on PostgreSQL: read-only aggregates over `decision_facts`, scanned by its `at` index. */
import type { AdminQueries, CountryCounts, DecisionRow, DecisionSearch, HourCounts, SubdivisionCounts } from '../admin-query-port.js';
import type { TimeRange } from '../evidence-port.js';
import { countByCountry, type CountRow } from '../shared/country-counts.js';
import { DECISION_SEARCH_COLUMNS, equalityFilters, toDecisionRow, type DecisionSearchRow } from '../shared/decision-search.js';
import type { Db } from './connection.js';

const HOUR_MS = 3_600_000;
const MAX_TIME = Number.MAX_SAFE_INTEGER;

const COUNTS = "count(*) FILTER (WHERE outcome = 'routed')::int8 AS allowed, count(*) FILTER (WHERE outcome = 'refused')::int8 AS refused";

export class PgAdminQueries implements AdminQueries {
  constructor(private readonly db: Db) {}

  async searchDecisions(search: DecisionSearch): Promise<DecisionRow[]> {
    const values: unknown[] = [search.range.from ?? 0, search.range.to ?? MAX_TIME, search.limit];
    const where = ['at >= $1', 'at < $2'];
    for (const [column, value] of equalityFilters(search)) where.push(`${column} = $${values.push(value)}`);
    if (search.country === 'unknown') where.push('country IS NULL');
    if (search.beforeSeq !== undefined) where.push(`seq < $${values.push(search.beforeSeq)}`);
    const rows = await this.db.query<DecisionSearchRow>(
      `SELECT ${DECISION_SEARCH_COLUMNS} FROM decision_facts WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $3`,
      values,
    );
    return rows.map(toDecisionRow);
  }

  async countByCountry(range: TimeRange): Promise<{ countries: CountryCounts[]; subdivisions: SubdivisionCounts[] }> {
    const rows = await this.db.query<CountRow>(
      `SELECT country, subdivisions, ${COUNTS} FROM decision_facts WHERE at >= $1 AND at < $2 GROUP BY country, subdivisions
       ORDER BY country COLLATE "C" NULLS FIRST, subdivisions COLLATE "C"`,
      [range.from ?? 0, range.to ?? MAX_TIME],
    );
    return countByCountry(rows);
  }

  async countByHour(range: TimeRange): Promise<HourCounts[]> {
    return this.db.query<HourCounts>(
      `SELECT (at / $1) * $1 AS hour, ${COUNTS} FROM decision_facts WHERE at >= $2 AND at < $3 GROUP BY 1 ORDER BY 1`,
      [HOUR_MS, range.from ?? 0, range.to ?? MAX_TIME],
    );
  }
}
