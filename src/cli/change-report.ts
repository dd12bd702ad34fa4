/** Tables of changes (simulation, reach) as text, CSV or JSON rows. */
import type { TableRow, TableTotals } from '../simulation/index.js';
import { table } from './output.js';
import { count, csv, place, usd, usdNumber } from './report-format.js';

const HEADER = ['COUNTRY', 'PROVIDER', 'REQUESTS', 'KEYS', 'TOKENS', 'REVENUE'];

/** A text table of the rows of one change with its total; `*` marks figures that include estimates. */
export function changeTable<C extends string>(rows: readonly TableRow<C>[], totals: TableTotals | null): string {
  const mark = (r: { estimated: number }) => (r.estimated > 0 ? '*' : '');
  const lines = rows.map((r) => [place(r.country), r.provider, count(r.requests), count(r.keys), `${count(r.tokens)}${mark(r)}`, `${usd(r.revenueNanoUsd)}${mark(r)}${r.unpriced > 0 ? ` (+${count(r.unpriced)} unpriced)` : ''}`]);
  if (totals !== null) lines.push(['total', '', count(totals.requests), count(totals.keys), `${count(totals.tokens)}${mark(totals)}`, `${usd(totals.revenueNanoUsd)}${mark(totals)}`]);
  return table(HEADER, lines)
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');
}

export function changeRowJson<C extends string>(r: TableRow<C>): Record<string, unknown> {
  return {
    change: r.change,
    country: r.country,
    provider: r.provider,
    requests: r.requests,
    keys: r.keys,
    tokens: r.tokens,
    estimated_requests: r.estimated,
    revenue_usd: usdNumber(r.revenueNanoUsd),
    revenue_nano_usd: r.revenueNanoUsd,
    unpriced_requests: r.unpriced,
  };
}

export function totalsJson(t: TableTotals): Record<string, unknown> {
  return { requests: t.requests, keys: t.keys, tokens: t.tokens, estimated_requests: t.estimated, revenue_usd: usdNumber(t.revenueNanoUsd), revenue_nano_usd: t.revenueNanoUsd };
}

export function changeCsv<C extends string>(rows: readonly TableRow<C>[], changeColumn: string): string {
  return csv(
    [changeColumn, 'country', 'provider', 'requests', 'keys', 'tokens', 'estimated_requests', 'revenue_usd', 'unpriced_requests'],
    rows.map((r) => [r.change, r.country, r.provider, r.requests, r.keys, r.tokens, r.estimated, usdNumber(r.revenueNanoUsd), r.unpriced]),
  );
}
