/**
 * Usage reports from the daily rollup (`usage_daily`) apart from their SQL: which column a dimension
 * groups by, the days a time range covers, and the shape of a report row. The same in both backends.
 */
import type { TimeRange, UsageDimension, UsageRow } from '../evidence-port.js';

export const USAGE_COLUMN: Readonly<Record<UsageDimension, string>> = {
  day: 'day',
  tenant: 'tenant',
  key: 'key_id',
  country: 'country',
  provider: 'provider',
  model: 'upstream_model',
};

/** Sums over the groups, with group values as `g0`, `g1`, … in the order of the dimensions. */
export interface SummaryRow {
  /** Null when nothing matched (an aggregate without GROUP BY still returns one row). */
  readonly requests: number | null;
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly output_tokens: number;
  readonly cost_nano_usd: number;
  readonly unpriced: number;
  readonly [group: string]: string | number | null;
}

const DAY_MS = 86_400_000;
/** The day `utcDay` last computed: usage records arrive in time order, so nearly every call is that day. */
let lastDay = { start: 0, end: 0, text: '1970-01-01' };

/** The UTC day of an instant, `YYYY-MM-DD`: the rollup's key. */
export function utcDay(ms: number): string {
  if (ms >= lastDay.start && ms < lastDay.end) return lastDay.text;
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  const text = new Date(ms).toISOString().slice(0, 10);
  if (Number.isFinite(start)) lastDay = { start, end: start + DAY_MS, text };
  return text;
}

/** First and last day (inclusive) of a range: whole UTC days, `from` and `to` rounded down to their day. */
export function dayBounds(range: TimeRange): { readonly from: string; readonly to: string } {
  return { from: range.from === null ? '0000-00-00' : utcDay(range.from), to: range.to === null ? '9999-99-99' : utcDay(range.to - 1) };
}

export function toUsageRows(rows: readonly SummaryRow[], dims: readonly UsageDimension[]): UsageRow[] {
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

function groupValue(dimension: UsageDimension, value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // The rollup keeps an unknown country as '' (it is part of the primary key).
  return dimension === 'country' && value === '' ? null : String(value);
}
