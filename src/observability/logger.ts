/**
 * The logger port: structured lines with request ids. Callers pass fields; API keys and prompt text
 * are never passed. The pino adapter is `pino-logger.ts` (loaded only by what writes logs).
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { log() {} };
