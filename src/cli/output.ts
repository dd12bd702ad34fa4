/**
 * Output helpers for commands: one `error:` line and an exit status for a failed action, JSON lines,
 * aligned tables, ISO times.
 */
import type { CliIo } from './context.js';
import { exitCodeOf } from './errors.js';

export { CommandError } from './errors.js';

/** Runs an action; any failure becomes one `error:` line on stderr and its exit status (./errors.ts). */
export async function runAction(io: CliIo, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    io.err.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = exitCodeOf(err);
  }
}

export function writeJson(io: CliIo, value: unknown): void {
  io.out.write(`${JSON.stringify(value)}\n`);
}

export function isoTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [header, ...rows].map(line).join('\n') + '\n';
}
