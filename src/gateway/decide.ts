/**
 * The decision every served request goes through, whoever carries its bytes, once the edge has
 * identified the key from the headers (`createIdentifyCaller`, before the body): account → origin → policy
 * per candidate provider → standing → enforcement → audit record (durable). The full gateway
 * (proxy.ts) relays to the deployments it returns; the decision service (authorize.ts) tells the
 * operator's own proxy the answer. A refusal is thrown (`RefusedRequest` once the key is known, with its
 * record appended; `UnidentifiedRequest` before), so every caller answers and records it the same way.
 */
import type { Decision } from '../domain/decision.js';
import type { Deployment } from '../domain/route.js';
import { CordonError } from '../errors/index.js';
import { allowedDeployments, type Route } from '../routing/route-table.js';
import type { AuthenticatedKey } from '../store/port.js';
import { accountFacts } from './authenticate.js';
import { standingRefusal } from '../enforcement/index.js';
import { firstHeaderValue } from './headers.js';
import type { ConnectionFacts, GatewayDeps, RequestOutcome } from './ports.js';
import { RefusedRequest, refuse } from './refusal.js';
import type { AttestationOutcome, RequestFacts } from '../domain/request-facts.js';
import type { AccountFacts } from '../domain/account.js';
import type { SafetyPlan } from './safety-identifier.js';

export const ATTESTATION_HEADER = 'x-cordon-end-user';

export interface DecideRequest {
  readonly requestId: string;
  readonly endpoint: RequestFacts['endpoint'];
  /** The model name the caller asked for (a route's name, or as given when it names none). */
  readonly model: string;
  /** The model's route; undefined when `model` names none (refused `model_not_found`, unless the key's standing refuses first). */
  readonly route: Route | undefined;
  readonly stream: boolean;
  readonly conn: ConnectionFacts;
  /** The key the headers name, identified by the edge before it read the body (`createIdentifyCaller`). */
  readonly auth: AuthenticatedKey;
  /** The body an end-user attestation signs (docs/attestation.md); empty when there is none. */
  readonly rawBody: Buffer;
  /** What the record of an allowed request says: relayed to the first candidate (the default), or authorized for its provider. */
  readonly allowedAs?: 'routed' | 'authorized';
  /** The refusal when `route` is undefined (`model_not_found` when not given). */
  readonly unrouted?: CordonError;
  /** What the end user's safety identifier will be, once account and attestation are known (none when not given). */
  readonly safety?: (account: AccountFacts, attestation: AttestationOutcome | null) => SafetyPlan;
}

export interface Decided {
  readonly facts: RequestFacts;
  /** The deployments policy allows, in the route's order: never empty. */
  readonly candidates: readonly Deployment[];
  /** `x-cordon-warning` for the caller, from enforcement. */
  readonly warning: string | null;
  /** The safety identifier to set or remove upstream, as recorded in `facts`. */
  readonly safety: SafetyPlan;
}

export function createDecide(deps: GatewayDeps) {
  return async function decide(req: DecideRequest): Promise<Decided> {
    const at = deps.now();
    const model = req.model;
    const auth = req.auth;
    // Null for a key that may be used (nothing allocated). A key refused for its standing is refused
    // whatever it asked for, once its request's facts are known, so the refusal is recorded with them.
    const standing = standingRefusal(auth.key, at);
    const route = req.route ?? (standing === null ? refuseUnrouted(req.unrouted ?? new CordonError('caller_model_not_found', { model }, { param: 'model' })) : NO_ROUTE);

    const attestation = deps.attestation
      ? await deps.attestation.verify({ header: firstHeaderValue(req.conn.headers, ATTESTATION_HEADER), tenant: auth.tenant, rawBody: req.rawBody, at })
      : null;
    const origin = attestation?.status === 'valid' ? deps.origin.attested(attestation.ip) : deps.origin.resolve(req.conn);
    const account = accountFacts(auth);
    const safety = req.safety?.(account, attestation) ?? NO_SAFETY_EDIT;
    const policy = deps.policy();
    const decisions = policy.decide({ origin, account, at }, route.providers);
    const facts: RequestFacts = {
      requestId: req.requestId,
      at,
      endpoint: req.endpoint,
      model,
      stream: req.stream,
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

    // The record is durable before any upstream sees the request (the deployment is the first candidate;
    // a fallback is recorded with the usage when the answer ends). Without it the request is refused.
    const first = candidates[0] as Deployment;
    const outcome: RequestOutcome = req.allowedAs === 'authorized' ? { kind: 'authorized', provider: first.provider } : { kind: 'routed', deployment: first };
    try {
      await deps.evidence?.recordDecision(facts, outcome);
    } catch (err) {
      throw err instanceof CordonError ? new RefusedRequest(err, facts, warning) : err;
    }
    return { facts, candidates, warning, safety };
  };
}

export type Decide = ReturnType<typeof createDecide>;

/** What a key refused for its standing asked for when its model is unknown: no provider to decide for. */
const NO_ROUTE: Route = Object.freeze({ name: '', deployments: [], providers: [] });

function refuseUnrouted(error: CordonError): never {
  throw error;
}

const NO_SAFETY_EDIT: SafetyPlan = Object.freeze({ edit: null, sent: null });

function allowedProviders(decisions: readonly Decision[]): (provider: string) => boolean {
  const allowed = new Set<string>();
  for (const d of decisions) if (d.effect === 'allow') allowed.add(d.provider);
  return (p) => allowed.has(p);
}
