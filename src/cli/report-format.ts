/** Shared by the report commands: time ranges from --from/--to, CSV, money and counts for people. */
import { formatUsd } from '../metering/index.js';
import { parseInstant } from '../policy/index.js';
import type { TimeRange } from '../store/index.js';
import { CommandError } from './output.js';

export interface RangeOptions {
  readonly from?: string;
  readonly to?: string;
}

export function parseRange(options: RangeOptions): TimeRange {
  const at = (flag: string, text: string | undefined): number | null => {
    if (text === undefined) return null;
    const ms = parseInstant(text);
    if (ms === null) throw new CommandError(`--${flag} "${text}": expected an ISO date such as 2026-11-01 or a date-time with a zone such as 2026-11-01T12:00:00Z`);
    return ms;
  };
  const range = { from: at('from', options.from), to: at('to', options.to) };
  if (range.from !== null && range.to !== null && range.to <= range.from) throw new CommandError('--to must be after --from');
  return range;
}

export function describeRange(range: TimeRange): string {
  const day = (ms: number) => new Date(ms).toISOString().replace(/T00:00:00\.000Z$/, '').replace(/\.\d{3}Z$/, 'Z');
  if (range.from === null && range.to === null) return 'all recorded traffic';
  return `${range.from === null ? 'the start' : day(range.from)} to ${range.to === null ? 'now' : day(range.to)}`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const field = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

export function usd(nano: number): string {
  return formatUsd(nano);
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function place(country: string | null): string {
  return country ?? 'unknown';
}

/** `--json` and `--csv` are alternatives. */
export function outputFormat(options: { readonly json?: boolean; readonly csv?: boolean }): 'json' | 'csv' | 'text' {
  if (options.json === true && options.csv === true) throw new CommandError('--json and --csv are alternatives; give one');
  return options.json === true ? 'json' : options.csv === true ? 'csv' : 'text';
}
