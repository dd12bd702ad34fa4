/**
 * Readiness checks that need I/O (the store), run in the background every `intervalMs` so `/readyz`
 * answers from memory, at once, however slow a dependency is. A change of state is logged once: "store
 * unavailable: …" when a check starts failing, "store available again" when it passes.
 */
import type { Logger } from '../observability/logger.js';

export interface CheckResult {
  readonly ok: boolean;
  readonly detail?: string;
}

export interface HealthMonitor {
  /** The last result; ok until the first check ran (startup already proved the store answers). */
  result(): CheckResult;
  /** Runs the check now (tests, and the first run). */
  check(): Promise<CheckResult>;
  close(): void;
}

export interface HealthMonitorOptions {
  readonly name: string;
  readonly probe: () => Promise<void>;
  readonly logger: Logger;
  readonly intervalMs?: number;
  /** Longest a probe may take before it counts as failed. */
  readonly timeoutMs?: number;
  /** Run on a timer (false in tests, which call check()). */
  readonly background?: boolean;
}

export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  let last: CheckResult = { ok: true };
  let running: Promise<CheckResult> | null = null;

  async function runProbe(): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = options.timeoutMs ?? 2000;
    try {
      await Promise.race([
        options.probe(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: `${options.name} unavailable: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  async function check(): Promise<CheckResult> {
    running ??= runProbe().then((next) => {
      if (next.ok !== last.ok) {
        if (next.ok) options.logger.log('info', `${options.name} available again`);
        else options.logger.log('error', `${next.detail ?? `${options.name} unavailable`}; requests that need it are refused until it is back`);
      }
      last = next;
      running = null;
      return next;
    });
    return running;
  }

  const timer = options.background === false ? null : setInterval(() => void check(), options.intervalMs ?? 1000);
  timer?.unref();
  return { result: () => last, check, close: () => (timer === null ? undefined : clearInterval(timer)) };
}
