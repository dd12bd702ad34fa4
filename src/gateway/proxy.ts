/**
 * The request path for an OpenAI-protocol call: the decision (decide.ts: account → origin → policy per
 * candidate provider → enforcement → audit record, durable) → upstream with fallback → metering. Every decision is
 * made before the first upstream byte; the HTTP edge relays the chosen response.
 */
import type { Deployment } from '../domain/route.js';
import { CordonError } from '../errors/index.js';
import type { CancelSignal } from '../providers/cancel.js';
import type { UpstreamPath, UpstreamResponse } from '../providers/contract.js';
import { createDecide } from './decide.js';
import { sendWithFallback, type Attempt } from './fallback.js';
import type { AuthenticatedKey } from '../store/port.js';
import type { BodyRewrite, ConnectionFacts, GatewayDeps } from './ports.js';
import { RefusedRequest } from './refusal.js';
import type { AttestationOutcome, RequestFacts } from '../domain/request-facts.js';
import { prepareUpstreamBody } from './upstream-body.js';

export interface ProxyRequest {
  readonly requestId: string;
  readonly path: Exclude<UpstreamPath, '/models'>;
  readonly conn: ConnectionFacts;
  /** The key the headers name, identified before the body was read (`createIdentifyCaller`). */
  readonly auth: AuthenticatedKey;
  /** The caller's JSON body, parsed (an object) and raw. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly rawBody: Buffer;
  readonly signal: CancelSignal;
}

export interface ProxyResult {
  readonly facts: RequestFacts;
  readonly deployment: Deployment;
  readonly response: UpstreamResponse;
  /** Applied by the relay to every chunk of `response.body` when metering changes it; null otherwise. */
  readonly rewrite: BodyRewrite | null;
  readonly attempts: readonly Attempt[];
  /** `x-cordon-warning` for the caller, from enforcement. */
  readonly warning: string | null;
  /** Milliseconds Cordon spent before the upstream was called (auth, origin, policy, enforcement, audit). */
  readonly decisionMs: number;
  /** Milliseconds from the first upstream call to the chosen answer's headers (fallbacks included). */
  readonly upstreamMs: number;
}

export function createProxy(deps: GatewayDeps) {
  const decide = createDecide(deps);
  return async function proxy(req: ProxyRequest): Promise<ProxyResult> {
    const started = performance.now();
    const model = requestedModel(req.body);
    const { facts, candidates, warning } = await decide({ requestId: req.requestId, endpoint: req.path, model, route: deps.routes.get(model), stream: req.body.stream === true, conn: req.conn, auth: req.auth, rawBody: req.rawBody });

    const metered = deps.evidence !== undefined;
    const bodies = new Map<string, { body: Buffer; stripUsageChunk: boolean }>();
    const bodyFor = (d: Deployment) => {
      let prepared = bodies.get(d.model);
      if (!prepared) bodies.set(d.model, (prepared = prepareUpstreamBody(req.body, req.rawBody, { requested: model, upstream: d.model, path: req.path, askUsage: metered })));
      return prepared.body;
    };
    const sent = performance.now();
    const outcome = await sendWithFallback(deps.providers, candidates, { path: req.path, stream: facts.stream, signal: req.signal, bodyFor });
    if (outcome.kind === 'failed') throw new RefusedRequest(outcome.error, facts, warning);
    const stripUsageChunk = bodies.get(outcome.deployment.model)?.stripUsageChunk ?? false;
    const { response, rewrite } = deps.evidence ? deps.evidence.meter(facts, outcome.deployment, outcome.response, { stripUsageChunk, request: req.body }) : { response: outcome.response, rewrite: null };
    return { facts, deployment: outcome.deployment, response, rewrite, attempts: outcome.attempts, warning, decisionMs: sent - started, upstreamMs: performance.now() - sent };
  };
}

export type Proxy = ReturnType<typeof createProxy>;

function requestedModel(body: Readonly<Record<string, unknown>>): string {
  const model = body.model;
  if (model === undefined || model === null || model === '') throw new CordonError('caller_missing_model', {}, { param: 'model' });
  if (typeof model !== 'string') throw new CordonError('caller_invalid_request', { detail: 'The model parameter must be a string.' }, { param: 'model' });
  return model;
}

export type { AttestationOutcome };
