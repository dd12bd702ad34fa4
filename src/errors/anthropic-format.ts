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
 * The status as Anthropic would answer it: no upstream able to serve, or Cordon unable to record or
 * check a key, is 529 (`overloaded_error`: retry later); a timeout stays 504; a stream that failed
 * after it began is 500 (`api_error`, only ever seen in its `error` event). Every other status is
 * Anthropic's own already. The SDKs pick their error class by status and retry 529 and 5xx.
 */
export function anthropicStatus(err: CordonError): number {
  switch (err.status) {
    case 502:
      return err.code === 'provider_stream_failed' ? 500 : 529;
    case 503:
      return 529;
    default:
      return err.status;
  }
}

/**
 * Anthropic's error type for each status it uses (docs.claude.com/en/api/errors). A region refusal is
 * `forbidden`, as Anthropic's own answer to an unsupported region is; other 403s are `permission_error`.
 */
export function anthropicErrorType(err: CordonError): string {
  if (err.code === 'policy_region_denied') return 'forbidden';
  switch (anthropicStatus(err)) {
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
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return err.status < 500 ? 'invalid_request_error' : 'api_error';
  }
}

export function toAnthropicError(err: CordonError, requestId: string): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(err), message: err.message, code: ERROR_CATALOGUE[err.code].wire }, request_id: requestId };
}
