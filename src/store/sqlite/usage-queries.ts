/** Usage reports from the daily rollup (`usage_daily`): one GROUP BY over whole UTC days. */
import type Database from 'better-sqlite3';
import type { TimeRange, UsageDimension, UsageQueries, UsageRow } from '../evidence-port.js';
import { dayBounds, toUsageRows, USAGE_COLUMN, type SummaryRow } from '../shared/usage-rollup.js';

export class SqliteUsageQueries implements UsageQueries {
  readonly #db: Database.Database;

  /** Brings the projections up to the audit log; called before every read (projection-catch-up.ts). */
  readonly #catchUp: () => Promise<void>;

  constructor(db: Database.Database, catchUp: () => Promise<void>) {
    this.#catchUp = catchUp;
    this.#db = db;
  }

  async summary(range: TimeRange, by: readonly UsageDimension[]): Promise<UsageRow[]> {
    await this.#catchUp();
    const dims = [...new Set(by)];
    const groups = dims.map((d, i) => `${USAGE_COLUMN[d]} AS g${i}`);
    const sql = `
      SELECT ${[...groups, 'sum(requests) AS requests', 'sum(input_tokens) AS input_tokens', 'sum(cached_input_tokens) AS cached_input_tokens',
        'sum(output_tokens) AS output_tokens', 'sum(cost_nano_usd) AS cost_nano_usd', 'sum(unpriced) AS unpriced'].join(', ')}
      FROM usage_daily
      WHERE day >= @from AND day <= @to
      ${dims.length > 0 ? `GROUP BY ${dims.map((_, i) => `g${i}`).join(', ')} ORDER BY ${dims.map((_, i) => `g${i}`).join(', ')}` : ''}`;
    return toUsageRows(this.#db.prepare<{ from: string; to: string }, SummaryRow>(sql).all(dayBounds(range)), dims);
  }
}
