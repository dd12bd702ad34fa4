/** Numbers, times and periods as people read them. */

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

export const fmtInt = (n: number): string => integer.format(n);
export const fmtCompact = (n: number): string => (Math.abs(n) < 10_000 ? integer.format(n) : compact.format(n));
/** Dollars; an amount under a cent but above zero reads as such rather than as $0.00. */
export const fmtUsd = (n: number): string => (n > 0 && n < 0.01 ? '< $0.01' : money.format(n));

export function fmtPercent(part: number, whole: number): string {
  if (whole === 0) return '–';
  const p = (100 * part) / whole;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

export function fmtTime(iso: string | null): string {
  if (iso === null) return '–';
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

export function fmtHour(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 13)}:00`;
}

export const PERIODS = [
  { id: '24h', label: 'Last 24 hours', hours: 24 },
  { id: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { id: '30d', label: 'Last 30 days', hours: 24 * 30 },
] as const;
export type PeriodId = (typeof PERIODS)[number]['id'];

/** The `from`/`to` query of a period ending now. */
export function periodQuery(id: PeriodId, now = Date.now()): string {
  const hours = PERIODS.find((p) => p.id === id)?.hours ?? 24;
  const to = new Date(Math.ceil(now / 3_600_000) * 3_600_000);
  const from = new Date(to.getTime() - hours * 3_600_000);
  return `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
}
