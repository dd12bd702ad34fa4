/** Writing answers: JSON, and errors in the caller's protocol's shape. Every response carries the decision id. */
import type { ServerResponse } from 'node:http';
import { CordonError, isCordonError } from '../errors/index.js';
import { OPENAI, type WireProtocol } from '../protocols/index.js';

export const DECISION_ID_HEADER = 'x-cordon-decision-id';

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Any thrown value becomes an error in `protocol`'s shape; unknown errors are 500 with no internals leaked. */
export function sendError(res: ServerResponse, err: unknown, protocol: WireProtocol = OPENAI): void {
  const error = isCordonError(err) ? err : new CordonError('gateway_internal', {}, { cause: err });
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  const extra: Record<string, string> = {};
  if (error.code === 'account_missing_key' || error.code === 'account_invalid_key') extra['www-authenticate'] = 'Bearer';
  const requestId = String(res.getHeader(DECISION_ID_HEADER));
  if (protocol.requestIdHeader !== null) extra[protocol.requestIdHeader] = requestId;
  const answer = protocol.errorAnswer(error, requestId);
  sendJson(res, answer.status, answer.body, extra);
}
