/**
 * The logger port's pino adapter: JSON lines; `authorization` and other secret-looking fields are
 * redacted should one ever be logged.
 */
import { pino, type DestinationStream } from 'pino';
import type { Logger, LogLevel } from './logger.js';

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
