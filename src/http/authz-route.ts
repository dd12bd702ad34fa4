/**
 * `/authz/http` (any method, and any path below it): the decision service's HTTP protocol, as nginx
 * `auth_request`, Traefik `forwardAuth`, Envoy's HTTP `ext_authz` (which appends the original path
 * after its prefix) and HAProxy's auth-request script ask it. The body, if any, is not read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CordonError } from '../errors/index.js';
import type { Authorize } from '../gateway/index.js';
import { allowedAnswer, refusedAnswer, withoutQuery, MODEL_HEADER, PROVIDER_HEADER, type AuthzAnswer, type AuthzAnswerDeps } from './authz-answer.js';
import { DECISION_ID_HEADER } from './respond.js';

export const AUTHZ_HTTP_PATH = '/authz/http';

/** The original request's path: headers nginx (`X-Original-URI`) and Traefik (`X-Forwarded-Uri`) set, or what Envoy appended. */
const ORIGINAL_URI_HEADERS = ['x-original-uri', 'x-forwarded-uri'] as const;

export interface AuthzRouteDeps extends AuthzAnswerDeps {
  readonly authorize: Authorize;
}

export function isAuthzHttpPath(path: string): boolean {
  return path === AUTHZ_HTTP_PATH || path.startsWith(`${AUTHZ_HTTP_PATH}/`);
}

export function createAuthzRoute(deps: AuthzRouteDeps) {
  return async function authz(req: IncomingMessage, res: ServerResponse, path: string, socketIp: string): Promise<void> {
    req.resume();
    const decisionId = String(res.getHeader(DECISION_ID_HEADER));
    const originals = originalPaths(req, path);
    const original = originals[0] ?? null;
    let answer: AuthzAnswer;
    try {
      if (originals.length > 1) {
        // The proxy sets one of them; a client can add the others (Traefik forwards every header).
        throw new CordonError('caller_unknown_provider', {
          detail: 'The original URI headers disagree (X-Original-URI, X-Forwarded-Uri, the path after /authz/http): Cordon cannot tell which one the proxy routed.',
        });
      }
      const result = await deps.authorize({
        requestId: decisionId,
        conn: { socketIp, headers: req.headers },
        path: original,
        provider: headerValue(req, PROVIDER_HEADER),
        model: headerValue(req, MODEL_HEADER),
      });
      answer = allowedAnswer(deps, decisionId, result);
    } catch (err) {
      answer = refusedAnswer(deps, decisionId, err, original);
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  };
}

/** Every original path the request carries, without its query, each once: one when all agree. */
function originalPaths(req: IncomingMessage, path: string): string[] {
  const found = new Set<string>();
  for (const name of ORIGINAL_URI_HEADERS) {
    const uri = headerValue(req, name);
    if (uri !== null) found.add(withoutQuery(uri));
  }
  const appended = path.slice(AUTHZ_HTTP_PATH.length);
  if (appended !== '') found.add(appended);
  return [...found];
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === '' ? null : first;
}
