/**
 * Output helpers for commands: one `error:` line and exit code 1 for a failed action, JSON lines,
 * aligned tables, ISO times. (keys.ts predates this file and keeps its own copies.)
 */
import type { CliIo } from './context.js';

/** A mistake in what the operator typed: reported as one line, exit code 1. */
export class CommandError extends Error {}

/** Runs an action; any failure becomes one `error:` line on stderr and exit code 1. */
export async function runAction(io: CliIo, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    io.err.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
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
