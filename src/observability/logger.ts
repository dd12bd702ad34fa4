/** A minimal structured logger port; JSON lines on a stream. Never logs API keys or prompt text. */
import type { Writable } from 'node:stream';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function jsonLogger(out: Writable, minLevel: LogLevel = 'info', now: () => number = Date.now): Logger {
  return {
    log(level, msg, fields) {
      if (ORDER[level] < ORDER[minLevel]) return;
      out.write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };
