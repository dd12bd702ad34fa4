/** Usage reports on PostgreSQL, from the daily rollup (`usage_daily`): one GROUP BY over whole UTC days. */
import { USAGE_DIMENSIONS, type TimeRange, type UsageDimension, type UsageQueries, type UsageRow } from '../evidence-port.js';
import { dayBounds, toUsageRows, USAGE_COLUMN, type SummaryRow } from '../shared/usage-rollup.js';
import type { Db } from './connection.js';

export class PgUsageQueries implements UsageQueries {
  constructor(private readonly db: Db) {}

  async summary(range: TimeRange, by: readonly UsageDimension[]): Promise<UsageRow[]> {
    // Only known dimensions reach the SQL text (they are a closed vocabulary).
    const dims = [...new Set(by)].filter((d) => (USAGE_DIMENSIONS as readonly string[]).includes(d));
    const groups = dims.map((d, i) => `${USAGE_COLUMN[d]} AS g${i}`);
    const sums = ['requests', 'input_tokens', 'cached_input_tokens', 'output_tokens', 'cost_nano_usd', 'unpriced'].map((c) => `sum(${c})::int8 AS ${c}`);
    const group = dims.map((_, i) => `g${i}`).join(', ');
    // Byte order, as SQLite sorts text, whatever the database's collation.
    const order = dims.map((d) => `${USAGE_COLUMN[d]} COLLATE "C"`).join(', ');
    const { from, to } = dayBounds(range);
    const rows = await this.db.query<SummaryRow>(
      `SELECT ${[...groups, ...sums].join(', ')} FROM usage_daily WHERE day >= $1 AND day <= $2
       ${dims.length > 0 ? `GROUP BY ${group} ORDER BY ${order}` : ''}`,
      [from, to],
    );
    return toUsageRows(rows, dims);
  }
}
