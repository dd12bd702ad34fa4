/** Usage reports from the daily rollup (`usage_daily`): one GROUP BY over whole UTC days. */
import type Database from 'better-sqlite3';
import type { TimeRange, UsageDimension, UsageQueries, UsageRow } from '../evidence-port.js';

const COLUMN: Readonly<Record<UsageDimension, string>> = {
  day: 'day',
  tenant: 'tenant',
  key: 'key_id',
  country: 'country',
  provider: 'provider',
  model: 'upstream_model',
};

interface SummaryRow {
  readonly requests: number;
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly output_tokens: number;
  readonly cost_nano_usd: number;
  readonly unpriced: number;
  readonly [group: string]: string | number | null;
}

export class SqliteUsageQueries implements UsageQueries {
  readonly #db: Database.Database;

  /** Brings the projections up to the audit log; called before every read (projection-catch-up.ts). */
  readonly #catchUp: () => void;

  constructor(db: Database.Database, catchUp: () => void) {
    this.#catchUp = catchUp;
    this.#db = db;
  }

  async summary(range: TimeRange, by: readonly UsageDimension[]): Promise<UsageRow[]> {
    this.#catchUp();
    const dims = [...new Set(by)];
    const groups = dims.map((d, i) => `${COLUMN[d]} AS g${i}`);
    const sql = `
      SELECT ${[...groups, 'sum(requests) AS requests', 'sum(input_tokens) AS input_tokens', 'sum(cached_input_tokens) AS cached_input_tokens',
        'sum(output_tokens) AS output_tokens', 'sum(cost_nano_usd) AS cost_nano_usd', 'sum(unpriced) AS unpriced'].join(', ')}
      FROM usage_daily
      WHERE day >= @from AND day <= @to
      ${dims.length > 0 ? `GROUP BY ${dims.map((_, i) => `g${i}`).join(', ')} ORDER BY ${dims.map((_, i) => `g${i}`).join(', ')}` : ''}`;
    const rows = this.#db.prepare<{ from: string; to: string }, SummaryRow>(sql).all({
      from: range.from === null ? '0000-00-00' : dayOf(range.from),
      to: range.to === null ? '9999-99-99' : dayOf(range.to - 1),
    });
    return rows
      .filter((r) => r.requests !== null)
      .map((r) => ({
        group: Object.fromEntries(dims.map((d, i) => [d, groupValue(d, r[`g${i}`])])),
        requests: r.requests,
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
  // The rollup keeps an unknown country as '' (it is part of the primary key).
  return dimension === 'country' && value === '' ? null : String(value);
}
