/** Writing answers: JSON, and errors in OpenAI's shape. Every response carries the decision id. */
import type { ServerResponse } from 'node:http';
import { CordonError, isCordonError, toOpenAiError } from '../errors/index.js';

export const DECISION_ID_HEADER = 'x-cordon-decision-id';

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Any thrown value becomes an OpenAI-shaped error; unknown errors are 500 with no internals leaked. */
export function sendError(res: ServerResponse, err: unknown): void {
  const error = isCordonError(err) ? err : new CordonError('gateway_internal', {}, { cause: err });
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  const extra: Record<string, string> = {};
  if (error.code === 'account_missing_key' || error.code === 'account_invalid_key') extra['www-authenticate'] = 'Bearer';
  sendJson(res, error.status, toOpenAiError(error), extra);
}
