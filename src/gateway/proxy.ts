/**
 * The request path for a call in any wire protocol (OpenAI's, Anthropic's Messages API): the decision
 * (decide.ts: account → origin → policy per candidate provider → enforcement → audit record, durable) →
 * upstream with fallback → metering. Every decision is made before the first upstream byte; the HTTP
 * edge relays the chosen response. What differs between protocols (reading the body, which deployments
 * may answer, the headers passed on, the end user's identifier) comes from the request's `WireProtocol`.
 */
import type { Deployment } from '../domain/route.js';
import { CordonError } from '../errors/index.js';
import type { CancelSignal } from '../providers/cancel.js';
import type { UpstreamPath, UpstreamResponse } from '../providers/contract.js';
import type { WireProtocol } from '../protocols/index.js';
import type { AuthenticatedKey } from '../store/port.js';
import { createDecide } from './decide.js';
import { sendWithFallback, type Attempt } from './fallback.js';
import type { BodyRewrite, ConnectionFacts, GatewayDeps } from './ports.js';
import { RefusedRequest } from './refusal.js';
import type { AttestationOutcome, RequestFacts } from '../domain/request-facts.js';
import type { AccountFacts } from '../domain/account.js';
import { firstHeaderValue } from './headers.js';
import { routesByProtocol } from './protocol-routes.js';
import { planSafetyIdentifier } from './safety-identifier.js';
import { prepareUpstreamBody } from './upstream-body.js';

export interface ProxyRequest {
  readonly requestId: string;
  readonly path: Exclude<UpstreamPath, '/models'>;
  /** The protocol the caller speaks: the upstream must answer in it. */
  readonly protocol: WireProtocol;
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
  const routesFor = routesByProtocol(deps.routes, deps.providers);
  return async function proxy(req: ProxyRequest): Promise<ProxyResult> {
    const started = performance.now();
    const call = req.protocol.readRequest(req.path, req.body);
    const model = call.model;
    const route = routesFor(req.protocol).get(model);
    // A model of another protocol's deployments only: a clear 404, never a translation.
    const unrouted = route === undefined && deps.routes.has(model) ? new CordonError('caller_model_not_on_protocol', { model, protocol: req.protocol.label }, { param: 'model' }) : undefined;
    const safety = (account: AccountFacts, attestation: AttestationOutcome | null) =>
      planSafetyIdentifier(deps.safetyIdentifiers, { protocol: req.protocol, path: req.path, body: req.body, user: call.user, tenantId: account.tenantId, tenantName: account.tenantName, keyId: account.keyId, attestation });
    const decided = await decide({ requestId: req.requestId, endpoint: req.path, model, route, stream: call.stream, conn: req.conn, auth: req.auth, rawBody: req.rawBody, unrouted, safety });
    const { facts, candidates, warning } = decided;

    const metered = deps.evidence !== undefined;
    const bodies = new Map<string, { body: Buffer; stripUsageChunk: boolean }>();
    const bodyFor = (d: Deployment) => {
      let prepared = bodies.get(d.model);
      if (!prepared) bodies.set(d.model, (prepared = prepareUpstreamBody(req.body, req.rawBody, { requested: model, upstream: d.model, path: req.path, askUsage: metered, safety: decided.safety.edit })));
      return prepared.body;
    };
    const sent = performance.now();
    const headers = protocolHeaders(req.protocol, req.conn);
    const outcome = await sendWithFallback(deps.providers, candidates, { path: req.path, stream: facts.stream, signal: req.signal, bodyFor, headers });
    if (outcome.kind === 'failed') throw new RefusedRequest(outcome.error, facts, warning);
    const stripUsageChunk = bodies.get(outcome.deployment.model)?.stripUsageChunk ?? false;
    const { response, rewrite } = deps.evidence ? deps.evidence.meter(facts, outcome.deployment, outcome.response, { stripUsageChunk, request: req.body }) : { response: outcome.response, rewrite: null };
    return { facts, deployment: outcome.deployment, response, rewrite, attempts: outcome.attempts, warning, decisionMs: sent - started, upstreamMs: performance.now() - sent };
  };
}

export type Proxy = ReturnType<typeof createProxy>;

/** The caller's headers its protocol passes upstream (none for OpenAI's), or undefined. */
function protocolHeaders(protocol: WireProtocol, conn: ConnectionFacts): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const name of protocol.forwardHeaders) {
    const value = firstHeaderValue(conn.headers, name);
    if (value !== undefined) (out ??= {})[name] = value;
  }
  return out;
}

export type { AttestationOutcome };
