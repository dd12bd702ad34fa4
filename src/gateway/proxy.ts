/**
 * The request path for a call in any wire protocol (OpenAI's, Anthropic's Messages API): account → origin → policy per candidate provider →
 * enforcement → audit record (durable) → routing → upstream with fallback → metering. Every decision is
 * made before the first upstream byte; the HTTP edge relays the chosen response. What differs between
 * protocols (reading the body, which deployments may answer, the headers passed on) comes from the
 * request's `WireProtocol`.
 */
import type { Decision } from '../domain/decision.js';
import type { Deployment } from '../domain/route.js';
import { CordonError } from '../errors/index.js';
import type { CancelSignal } from '../providers/cancel.js';
import type { UpstreamPath, UpstreamResponse } from '../providers/contract.js';
import type { WireProtocol } from '../protocols/index.js';
import { allowedDeployments, type Route } from '../routing/route-table.js';
import type { AuthenticatedKey } from '../store/port.js';
import { accountFacts, identifyKey, standingRefusal } from './authenticate.js';
import { sendWithFallback, type Attempt } from './fallback.js';
import { firstHeaderValue } from './headers.js';
import type { BodyRewrite, ConnectionFacts, GatewayDeps } from './ports.js';
import { RefusedRequest, refuse, unidentified } from './refusal.js';
import type { AttestationOutcome, RequestFacts } from '../domain/request-facts.js';
import { routesByProtocol } from './protocol-routes.js';
import { planSafetyIdentifier } from './safety-identifier.js';
import { prepareUpstreamBody } from './upstream-body.js';

export const ATTESTATION_HEADER = 'x-cordon-end-user';

export interface ProxyRequest {
  readonly requestId: string;
  readonly path: Exclude<UpstreamPath, '/models'>;
  /** The protocol the caller speaks: the upstream must answer in it. */
  readonly protocol: WireProtocol;
  readonly conn: ConnectionFacts;
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
  const routesFor = routesByProtocol(deps.routes, deps.providers);
  return async function proxy(req: ProxyRequest): Promise<ProxyResult> {
    const started = performance.now();
    const at = deps.now();
    const call = req.protocol.readRequest(req.path, req.body);
    const model = call.model;
    let auth: AuthenticatedKey;
    try {
      auth = await identifyKey(deps.accounts, req.conn.headers);
    } catch (err) {
      throw unidentified(err, deps.origin, req.conn);
    }
    // Null for a key that may be used (nothing allocated). A key refused for its standing is refused
    // whatever it asked for, once its request's facts are known, so the refusal is recorded with them.
    const standing = standingRefusal(auth.key, at);
    const route = routesFor(req.protocol).get(model) ?? (standing === null ? modelNotFound(model, deps.routes.has(model) ? req.protocol : null) : NO_ROUTE);

    const attestation = deps.attestation
      ? await deps.attestation.verify({ header: firstHeaderValue(req.conn.headers, ATTESTATION_HEADER), tenant: auth.tenant, rawBody: req.rawBody, at })
      : null;
    const origin = attestation?.status === 'valid' ? deps.origin.attested(attestation.ip) : deps.origin.resolve(req.conn);
    const account = accountFacts(auth);
    const safety = planSafetyIdentifier(deps.safetyIdentifiers, { protocol: req.protocol, path: req.path, body: req.body, user: call.user, tenantId: account.tenantId, tenantName: account.tenantName, keyId: account.keyId, attestation });
    const policy = deps.policy();
    const decisions = policy.decide({ origin, account, at }, route.providers);
    const facts: RequestFacts = {
      requestId: req.requestId,
      at,
      endpoint: req.path,
      model,
      stream: call.stream,
      origin,
      account,
      key: auth.key,
      decisions,
      policyHash: policy.policyHash,
      attestation,
      ...(safety.sent === null ? {} : { safetyIdentifier: safety.sent }),
    };
    // Requests refused for the key's standing add no violations (docs/enforcement.md, "Refused keys").
    if (standing !== null) return refuse(deps.evidence, facts, standing);
    const candidates = allowedDeployments(route, allowedProviders(decisions));

    const assessment = deps.enforcer ? await deps.enforcer.assess(facts, candidates.length === 0) : null;
    const warning = assessment?.warning ?? null;
    const refusal = candidates.length === 0 ? new CordonError('policy_region_denied') : assessment?.refusal ?? null;
    if (refusal) return refuse(deps.evidence, facts, refusal, warning);

    const metered = deps.evidence !== undefined;
    const bodies = new Map<string, { body: Buffer; stripUsageChunk: boolean }>();
    const bodyFor = (d: Deployment) => {
      let prepared = bodies.get(d.model);
      if (!prepared) bodies.set(d.model, (prepared = prepareUpstreamBody(req.body, req.rawBody, { requested: model, upstream: d.model, path: req.path, askUsage: metered, safety: safety.edit })));
      return prepared.body;
    };
    // The record is durable before any upstream sees the request (the deployment is the first candidate;
    // a fallback is recorded with the usage when the answer ends). Without it the request is refused.
    try {
      await deps.evidence?.recordDecision(facts, { kind: 'routed', deployment: candidates[0] as Deployment });
    } catch (err) {
      throw err instanceof CordonError ? new RefusedRequest(err, facts, warning) : err;
    }
    const sent = performance.now();
    const headers = protocolHeaders(req.protocol, req.conn);
    const outcome = await sendWithFallback(deps.providers, candidates, { path: req.path, stream: facts.stream, signal: req.signal, bodyFor, headers });
    if (outcome.kind === 'failed') throw new RefusedRequest(outcome.error, facts, warning);
    const stripUsageChunk = bodies.get(outcome.deployment.model)?.stripUsageChunk ?? false;
    const { response, rewrite } = deps.evidence ? deps.evidence.meter(facts, outcome.deployment, outcome.response, { stripUsageChunk }) : { response: outcome.response, rewrite: null };
    return { facts, deployment: outcome.deployment, response, rewrite, attempts: outcome.attempts, warning, decisionMs: sent - started, upstreamMs: performance.now() - sent };
  };
}

export type Proxy = ReturnType<typeof createProxy>;

/** What a key refused for its standing asked for when its model is unknown: no provider to decide for. */
const NO_ROUTE: Route = Object.freeze({ name: '', deployments: [], providers: [] });

/** `protocol` when the model exists but no deployment of it speaks the caller's protocol. */
function modelNotFound(model: string, protocol: WireProtocol | null): never {
  if (protocol !== null) throw new CordonError('caller_model_not_on_protocol', { model, protocol: protocol.label }, { param: 'model' });
  throw new CordonError('caller_model_not_found', { model }, { param: 'model' });
}

/** The caller's headers its protocol passes upstream (none for OpenAI's), or undefined. */
function protocolHeaders(protocol: WireProtocol, conn: ConnectionFacts): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const name of protocol.forwardHeaders) {
    const value = firstHeaderValue(conn.headers, name);
    if (value !== undefined) (out ??= {})[name] = value;
  }
  return out;
}

function allowedProviders(decisions: readonly Decision[]): (provider: string) => boolean {
  const allowed = new Set<string>();
  for (const d of decisions) if (d.effect === 'allow') allowed.add(d.provider);
  return (p) => allowed.has(p);
}

export type { AttestationOutcome };
