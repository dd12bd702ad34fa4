/**
 * `GET /v1/models`: the models the caller may reach from where it is (any deployment allowed). A key
 * refused for its standing is refused here too, and the refusal recorded like a proxied one's.
 */
import type { ApiKey } from '../domain/account.js';
import { accountFacts } from './authenticate.js';
import { standingRefusal } from '../enforcement/index.js';
import type { ConnectionFacts, GatewayDeps } from './ports.js';
import { createIdentifyCaller, refuse } from './refusal.js';
import type { RequestFacts } from '../domain/request-facts.js';
import type { WireProtocol } from '../protocols/index.js';
import { routesByProtocol } from './protocol-routes.js';

export interface ModelList {
  readonly object: 'list';
  readonly data: ReadonlyArray<{ readonly id: string; readonly object: 'model'; readonly created: number; readonly owned_by: string }>;
}

export interface ListModelsRequest {
  /** The decision id (`x-cordon-decision-id`): the refusal's record is about it. */
  readonly requestId: string;
  readonly conn: ConnectionFacts;
  /** Only models with a deployment that answers in this protocol (all of them when not given). */
  readonly protocol?: WireProtocol;
}

export function createListModels(deps: GatewayDeps) {
  const identifyCaller = createIdentifyCaller(deps);
  const routesFor = routesByProtocol(deps.routes, deps.providers);
  return async function listModels(req: ListModelsRequest): Promise<ModelList> {
    const at = deps.now();
    const auth = await identifyCaller(req.conn);
    const origin = deps.origin.resolve(req.conn);
    const policy = deps.policy();
    const input = { origin, account: accountFacts(auth), at };
    const standing = standingRefusal(auth.key, at);
    if (standing !== null) return refuse(deps.evidence, listingFacts(req.requestId, input, auth.key, policy.policyHash), standing);
    const data = [];
    for (const route of (req.protocol === undefined ? deps.routes : routesFor(req.protocol)).values()) {
      const decisions = policy.decide(input, route.providers);
      const allowed = decisions.find((d) => d.effect === 'allow');
      if (allowed) data.push({ id: route.name, object: 'model' as const, created: 0, owned_by: allowed.provider });
    }
    return { object: 'list', data };
  };
}

export type ListModels = ReturnType<typeof createListModels>;

/** A listing names no model and asks no provider: the record has an empty model and no decisions. */
function listingFacts(requestId: string, input: Pick<RequestFacts, 'origin' | 'account' | 'at'>, key: ApiKey, policyHash: string): RequestFacts {
  return { requestId, at: input.at, endpoint: '/models', model: '', stream: false, origin: input.origin, account: input.account, key, decisions: [], policyHash, attestation: null };
}
