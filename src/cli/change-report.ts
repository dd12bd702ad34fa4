/** Tables of changes (simulation, reach) as text or CSV (their JSON: src/operations/foresight-view.ts). */
import type { TableRow, TableTotals } from '../simulation/index.js';
import { table } from './output.js';
import { usdAmount } from '../metering/index.js';
import { count, csv, place, usd } from './report-format.js';

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

export function changeCsv<C extends string>(rows: readonly TableRow<C>[], changeColumn: string): string {
  return csv(
    [changeColumn, 'country', 'provider', 'requests', 'keys', 'tokens', 'estimated_requests', 'revenue_usd', 'unpriced_requests'],
    rows.map((r) => [r.change, r.country, r.provider, r.requests, r.keys, r.tokens, r.estimated, usdAmount(r.revenueNanoUsd), r.unpriced]),
  );
}
