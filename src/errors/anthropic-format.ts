import { ERROR_CATALOGUE } from './catalogue.js';
import type { CordonError } from './cordon-error.js';

/**
 * Anthropic's error body: `{"type":"error","error":{"type","message"},"request_id"}`. Cordon's own code
 * rides along as `error.code` (Anthropic's shape has none; its SDKs ignore fields they do not know), so
 * a caller can still tell a suspended key from a region refusal.
 */
export interface AnthropicErrorBody {
  readonly type: 'error';
  readonly error: { readonly type: string; readonly message: string; readonly code: string };
  readonly request_id: string;
}

/**
 * Anthropic's error type for each status it uses (docs.claude.com/en/api/errors). A region refusal is
 * `forbidden`, as Anthropic's own answer to an unsupported region is; other 403s are `permission_error`.
 * Statuses Anthropic never answers with keep Cordon's status, with the type of their class: the SDKs
 * pick their error class by status, so 502/503/504 still raise their 5xx classes and are retried.
 */
export function anthropicErrorType(err: CordonError): string {
  if (err.code === 'policy_region_denied') return 'forbidden';
  switch (err.status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    default:
      return err.status < 500 ? 'invalid_request_error' : 'api_error';
  }
}

export function toAnthropicError(err: CordonError, requestId: string): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(err), message: err.message, code: ERROR_CATALOGUE[err.code].wire }, request_id: requestId };
}
