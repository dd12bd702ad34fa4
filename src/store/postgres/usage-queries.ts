/** Usage reports on PostgreSQL, from the daily rollup (`usage_daily`): one GROUP BY over whole UTC days. */
import { USAGE_DIMENSIONS, type TimeRange, type UsageDimension, type UsageQueries, type UsageRow } from '../evidence-port.js';
import type { Db } from './connection.js';

const COLUMN: Readonly<Record<UsageDimension, string>> = {
  day: 'day',
  tenant: 'tenant',
  key: 'key_id',
  country: 'country',
  provider: 'provider',
  model: 'upstream_model',
};

interface SummaryRow {
  readonly requests: number | null;
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly output_tokens: number;
  readonly cost_nano_usd: number;
  readonly unpriced: number;
  readonly [group: string]: string | number | null;
}

export class PgUsageQueries implements UsageQueries {
  constructor(private readonly db: Db) {}

  async summary(range: TimeRange, by: readonly UsageDimension[]): Promise<UsageRow[]> {
    // Only known dimensions reach the SQL text (they are a closed vocabulary).
    const dims = [...new Set(by)].filter((d) => (USAGE_DIMENSIONS as readonly string[]).includes(d));
    const groups = dims.map((d, i) => `${COLUMN[d]} AS g${i}`);
    const sums = ['requests', 'input_tokens', 'cached_input_tokens', 'output_tokens', 'cost_nano_usd', 'unpriced'].map((c) => `sum(${c})::int8 AS ${c}`);
    const group = dims.map((_, i) => `g${i}`).join(', ');
    // Byte order, as SQLite sorts text, whatever the database's collation.
    const order = dims.map((d) => `${COLUMN[d]} COLLATE "C"`).join(', ');
    const rows = await this.db.query<SummaryRow>(
      `SELECT ${[...groups, ...sums].join(', ')} FROM usage_daily WHERE day >= $1 AND day <= $2
       ${dims.length > 0 ? `GROUP BY ${group} ORDER BY ${order}` : ''}`,
      [range.from === null ? '0000-00-00' : dayOf(range.from), range.to === null ? '9999-99-99' : dayOf(range.to - 1)],
    );
    return rows
      .filter((r) => r.requests !== null)
      .map((r) => ({
        group: Object.fromEntries(dims.map((d, i) => [d, groupValue(d, r[`g${i}`])])),
        requests: r.requests ?? 0,
        inputTokens: r.input_tokens,
        cachedInputTokens: r.cached_input_tokens,
        outputTokens: r.output_tokens,
        costNanoUsd: r.cost_nano_usd,
        unpriced: r.unpriced,
      }));
  }
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function groupValue(dimension: UsageDimension, value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return dimension === 'country' && value === '' ? null : String(value);
}
