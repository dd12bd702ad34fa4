/**
 * The request path for an OpenAI-protocol call: account → origin → policy per candidate provider →
 * routing → upstream, with fallback. Every decision is made before the first upstream byte; the HTTP
 * edge relays the chosen response.
 */
import type { AccountFacts } from '../domain/account.js';
import type { Decision } from '../domain/decision.js';
import type { Origin } from '../domain/origin.js';
import type { Deployment } from '../domain/route.js';
import { CordonError } from '../errors/index.js';
import type { UpstreamPath, UpstreamResponse } from '../providers/contract.js';
import { allowedDeployments } from '../routing/route-table.js';
import { accountFacts, authenticate } from './authenticate.js';
import type { ConnectionFacts, GatewayDeps } from './ports.js';
import { sendWithFallback, type Attempt } from './fallback.js';

export interface ProxyRequest {
  readonly path: Exclude<UpstreamPath, '/models'>;
  readonly conn: ConnectionFacts;
  /** The caller's JSON body, parsed (an object) and raw. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly rawBody: Buffer;
  readonly signal: AbortSignal;
}

/** What was decided for one request: kept for the caller's headers, logs and (later) the audit log. */
export interface RequestFacts {
  readonly at: number;
  readonly origin: Origin;
  readonly account: AccountFacts;
  readonly model: string;
  readonly decisions: readonly Decision[];
}

export interface ProxyResult {
  readonly facts: RequestFacts;
  readonly deployment: Deployment;
  readonly response: UpstreamResponse;
  readonly attempts: readonly Attempt[];
  readonly stream: boolean;
}

/** Thrown for a request refused after its facts were known, so the edge can still report them. */
export class RefusedRequest extends Error {
  constructor(readonly error: CordonError, readonly facts: RequestFacts) {
    super(error.message);
    this.name = 'RefusedRequest';
  }
}

export function createProxy(deps: GatewayDeps) {
  return async function proxy(req: ProxyRequest): Promise<ProxyResult> {
    const at = deps.now();
    const model = req.body.model;
    if (model === undefined || model === null || model === '') throw new CordonError('caller_missing_model', {}, { param: 'model' });
    if (typeof model !== 'string') throw new CordonError('caller_invalid_request', { detail: 'The model parameter must be a string.' }, { param: 'model' });
    const stream = req.body.stream === true;

    const auth = await authenticate(deps.accounts, headerValue(req.conn.headers.authorization), at);
    const route = deps.routes.get(model);
    if (!route) throw new CordonError('caller_model_not_found', { model }, { param: 'model' });

    const origin = deps.origin.resolve(req.conn);
    const account = accountFacts(auth);
    const decisions = deps.policy().decide({ origin, account, at }, route.providers);
    const facts: RequestFacts = { at, origin, account, model, decisions };
    const allowed = new Set(decisions.filter((d) => d.effect === 'allow').map((d) => d.provider));
    const candidates = allowedDeployments(route, (p) => allowed.has(p));
    if (candidates.length === 0) throw new RefusedRequest(new CordonError('policy_region_denied'), facts);

    const outcome = await sendWithFallback(deps.providers, candidates, {
      path: req.path,
      stream,
      signal: req.signal,
      bodyFor: (d) => rewriteModel(req.body, req.rawBody, model, d.model),
    });
    if (outcome.kind === 'failed') throw new RefusedRequest(outcome.error, facts);
    return { facts, deployment: outcome.deployment, response: outcome.response, attempts: outcome.attempts, stream };
  };
}

export type Proxy = ReturnType<typeof createProxy>;

/** The caller's body with the upstream model name; the raw bytes when nothing changes. */
function rewriteModel(body: Readonly<Record<string, unknown>>, raw: Buffer, requested: string, upstream: string): Buffer {
  return requested === upstream ? raw : Buffer.from(JSON.stringify({ ...body, model: upstream }));
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
