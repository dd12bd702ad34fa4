/**
 * Every error Cordon can answer with, grouped by who is at fault. Each code fixes the HTTP status and
 * the OpenAI error `type`, so existing SDKs handle Cordon's errors the way they handle OpenAI's.
 * The wire `code` is what callers see; keep codes stable (docs/errors.md is checked against this table).
 */
export const ERROR_CATALOGUE = {
  // caller_: the request itself is wrong; the caller can fix it.
  caller_invalid_json: { status: 400, type: 'invalid_request_error', wire: 'invalid_json', message: 'The request body is not valid JSON: {detail}' },
  caller_invalid_request: { status: 400, type: 'invalid_request_error', wire: 'invalid_request', message: '{detail}' },
  caller_invalid_type: { status: 400, type: 'invalid_request_error', wire: 'invalid_type', message: "Invalid type for '{field}': expected {expected}, but got {got} instead." },
  caller_json_too_deep: { status: 400, type: 'invalid_request_error', wire: 'json_too_deep', message: 'The request body nests objects and arrays deeper than the {limit} levels this gateway accepts.' },
  caller_missing_model: { status: 400, type: 'invalid_request_error', wire: 'missing_model', message: 'You must provide a model parameter.' },
  caller_model_not_found: { status: 404, type: 'invalid_request_error', wire: 'model_not_found', message: 'The model `{model}` does not exist or you do not have access to it.' },
  caller_body_too_large: { status: 413, type: 'invalid_request_error', wire: 'request_too_large', message: 'The request body is larger than the {limit} bytes this gateway accepts.' },
  caller_not_found: { status: 404, type: 'invalid_request_error', wire: 'unknown_url', message: 'Unknown request URL: {method} {path}.' },
  caller_method_not_allowed: { status: 405, type: 'invalid_request_error', wire: 'method_not_allowed', message: 'Method {method} is not allowed on {path}.' },
  caller_unknown_provider: { status: 400, type: 'invalid_request_error', wire: 'unknown_provider', message: '{detail}' },
  // caller_admin_: the operator's admin API request (the admin API is a caller too: it is at fault).
  caller_admin_unauthorized: { status: 401, type: 'invalid_request_error', wire: 'admin_unauthorized', message: '{detail}' },
  caller_admin_forbidden: { status: 403, type: 'request_forbidden', wire: 'admin_forbidden', message: 'This admin token has the read role; {method} {path} needs the admin role.' },
  caller_admin_not_found: { status: 404, type: 'invalid_request_error', wire: 'admin_not_found', message: '{detail}' },
  caller_admin_invalid_request: { status: 400, type: 'invalid_request_error', wire: 'admin_invalid_request', message: '{detail}' },
  caller_admin_conflict: { status: 409, type: 'invalid_request_error', wire: 'admin_conflict', message: '{detail}' },
  // account_: the key or its standing.
  account_missing_key: { status: 401, type: 'invalid_request_error', wire: 'missing_api_key', message: 'You didn\'t provide an API key. Send it as "Authorization: Bearer YOUR_KEY".' },
  account_invalid_key: { status: 401, type: 'invalid_request_error', wire: 'invalid_api_key', message: 'Incorrect API key provided.' },
  account_revoked_key: { status: 401, type: 'invalid_request_error', wire: 'invalid_api_key', message: 'This API key has been revoked.' },
  account_suspended: { status: 403, type: 'request_forbidden', wire: 'account_suspended', message: 'This API key is suspended until {until}.' },
  account_blocked: { status: 403, type: 'request_forbidden', wire: 'account_blocked', message: 'This API key is blocked. Contact the operator of this gateway.' },
  // policy_: where the request comes from may not be served.
  policy_region_denied: { status: 403, type: 'request_forbidden', wire: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  // provider_: every allowed upstream failed.
  provider_unavailable: { status: 502, type: 'api_error', wire: 'upstream_unavailable', message: 'No upstream provider could serve this request: {detail}' },
  provider_timeout: { status: 504, type: 'api_error', wire: 'upstream_timeout', message: 'The upstream provider did not answer in time.' },
  provider_stream_failed: { status: 502, type: 'api_error', wire: 'upstream_stream_failed', message: 'The upstream stream failed after it began: {detail}' },
  // gateway_: Cordon itself cannot serve right now.
  gateway_internal: { status: 500, type: 'api_error', wire: 'internal_error', message: 'The gateway failed to handle the request.' },
  gateway_audit_unavailable: { status: 503, type: 'api_error', wire: 'audit_unavailable', message: 'The gateway cannot record this request right now, so it was not served; try again shortly.' },
  gateway_store_unavailable: { status: 503, type: 'api_error', wire: 'store_unavailable', message: 'The gateway cannot check this API key right now, so the request was not served; try again shortly.' },
} as const satisfies Record<string, ErrorSpec>;

export interface ErrorSpec {
  readonly status: number;
  /** OpenAI's `error.type`. */
  readonly type: string;
  /** OpenAI's `error.code` on the wire. */
  readonly wire: string;
  /** `{name}` placeholders are filled from the error's params. */
  readonly message: string;
}

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
