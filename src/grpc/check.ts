/**
 * `envoy.service.auth.v3.Authorization/Check`: the decision service for Envoy's gRPC ext_authz. The
 * client's address is the downstream peer Envoy reports (`attributes.source`), read with the request's
 * headers by the same forwarding rules as the gateway's socket; the answer is the one `/authz/http`
 * gives, as an `OkHttpResponse` (headers for the upstream request and for the client) or a
 * `DeniedHttpResponse` (status, headers, body).
 */
import type { Authorize } from '../gateway/index.js';
import { allowedAnswer, refusedAnswer, withoutQuery, ERROR_BODY_HEADER, MODEL_HEADER, PROVIDER_HEADER, type AuthzAnswer, type AuthzAnswerDeps } from '../http/authz-answer.js';
import type { CheckRequest, CheckResponse, HeaderValueOption } from './envoy-messages.js';

/** google.rpc.Code values: Envoy allows on OK and denies on anything else. */
const RPC_OK = 0;
const RPC_CODE_BY_STATUS: Readonly<Record<number, number>> = { 400: 3, 401: 16, 403: 7, 404: 5, 500: 13, 503: 14 };
const RPC_UNKNOWN = 2;

export interface CheckDeps extends AuthzAnswerDeps {
  readonly authorize: Authorize;
  readonly newDecisionId: () => string;
}

export function createCheck(deps: CheckDeps) {
  return async function check(req: CheckRequest): Promise<CheckResponse> {
    const decisionId = deps.newDecisionId();
    const http = req.attributes?.request?.http;
    const headers = http?.headers ?? {};
    const path = http?.path ? withoutQuery(http.path) : null;
    try {
      const result = await deps.authorize({
        requestId: decisionId,
        conn: { socketIp: req.attributes?.source?.address?.socket_address?.address ?? '', headers: { ...headers } },
        path,
        provider: headers[PROVIDER_HEADER] || null,
        model: headers[MODEL_HEADER] || null,
      });
      return allowed(allowedAnswer(deps, decisionId, result));
    } catch (err) {
      return denied(refusedAnswer(deps, decisionId, err, path));
    }
  };
}

function allowed(answer: AuthzAnswer): CheckResponse {
  const headers = options(answer.headers);
  return { status: { code: RPC_OK, message: '' }, ok_response: { headers, response_headers_to_add: headers } };
}

/** The body goes to the client as it is: the header that repeats it is for proxies that cannot pass a body. */
function denied(answer: AuthzAnswer): CheckResponse {
  const headers = options(answer.headers).filter((h) => h.header.key !== ERROR_BODY_HEADER);
  return {
    status: { code: RPC_CODE_BY_STATUS[answer.status] ?? RPC_UNKNOWN, message: answer.body },
    denied_response: { status: { code: answer.status }, headers, body: answer.body },
  };
}

function options(headers: Readonly<Record<string, string>>): HeaderValueOption[] {
  return Object.entries(headers).map(([key, value]) => ({ header: { key, value } }));
}
