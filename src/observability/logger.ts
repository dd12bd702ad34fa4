/**
 * The logger port and its pino adapter: structured JSON lines with request ids. Callers pass fields;
 * API keys and prompt text are never passed (and `authorization` is redacted should a header object
 * ever be logged).
 */
import { pino, type DestinationStream } from 'pino';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

export function pinoLogger(destination: DestinationStream, level: LogLevel = 'info'): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'cordon' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['authorization', 'headers.authorization', '*.authorization', 'api_key', '*.api_key', 'key', 'secret'], censor: '[redacted]' },
    },
    destination,
  );
  return {
    log(lvl, msg, fields) {
      logger[lvl](fields ?? {}, msg);
    },
  };
}

export const silentLogger: Logger = { log() {} };
