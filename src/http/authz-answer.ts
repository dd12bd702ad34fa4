/**
 * What the decision service answers, whichever protocol asked (`/authz/http`, Envoy's gRPC ext_authz):
 * a status, headers and a JSON body, the same for both. Allowed: 200 with the decision id and the
 * provider. Refused: the gateway's own status and error body, in the shape of the original request's
 * API, with the body also in `x-cordon-error-body` for the proxies that can only pass a header on
 * (nginx `auth_request`, HAProxy), and counted and logged as the gateway counts its refusals.
 */
import { CordonError, isCordonError, toAnthropicError, toOpenAiError } from '../errors/index.js';
import type { Authorization } from '../gateway/index.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { countRefusal, WARNING_HEADER } from './openai-routes.js';
import { DECISION_ID_HEADER } from './respond.js';

export const PROVIDER_HEADER = 'x-cordon-provider';
export const MODEL_HEADER = 'x-cordon-model';
export const ERROR_BODY_HEADER = 'x-cordon-error-body';
/** The endpoint label of the decision service's refusals in `cordon_refusals_total`. */
export const AUTHZ_ENDPOINT = '/authz';

const MESSAGES_CALL = /\/v1\/messages(\/|$)/;

export interface AuthzAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Empty when allowed. */
  readonly body: string;
}

export interface AuthzAnswerDeps {
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

export function allowedAnswer(deps: AuthzAnswerDeps, decisionId: string, result: Authorization): AuthzAnswer {
  deps.metrics.authorized({ provider: result.provider, country: result.facts.origin.country, decisionMs: result.decisionMs });
  const headers: Record<string, string> = { [DECISION_ID_HEADER]: decisionId, [PROVIDER_HEADER]: result.provider };
  if (result.warning) headers[WARNING_HEADER] = result.warning;
  return { status: 200, headers, body: '' };
}

/**
 * Any thrown value: a refusal keeps its status and code; anything else is a logged 500 with no
 * internals. The body is Anthropic's error when the original request was a Messages API call
 * (`…/v1/messages`, `…/v1/messages/count_tokens`), OpenAI's otherwise.
 */
export function refusedAnswer(deps: AuthzAnswerDeps, decisionId: string, err: unknown, originalPath: string | null): AuthzAnswer {
  const counted = countRefusal(deps, decisionId, AUTHZ_ENDPOINT, err);
  if (!isCordonError(counted.error)) deps.logger.log('error', 'unhandled error', { decision_id: decisionId, error: counted.error instanceof Error ? counted.error.stack : String(counted.error) });
  const error = isCordonError(counted.error) ? counted.error : new CordonError('gateway_internal', {}, { cause: counted.error });
  const body = asciiJson(originalPath !== null && MESSAGES_CALL.test(originalPath) ? toAnthropicError(error, decisionId) : toOpenAiError(error));
  const headers: Record<string, string> = { [DECISION_ID_HEADER]: decisionId, [ERROR_BODY_HEADER]: body, 'content-type': 'application/json' };
  if (counted.warning) headers[WARNING_HEADER] = counted.warning;
  if (error.code === 'account_missing_key' || error.code === 'account_invalid_key') headers['www-authenticate'] = 'Bearer';
  return { status: error.status, headers, body };
}

/** JSON with every non-ASCII character escaped (`\uXXXX`): still the same JSON value, and a valid header value. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A request target's path: what comes before its query. */
export function withoutQuery(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}
