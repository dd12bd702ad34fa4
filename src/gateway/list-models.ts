/** `GET /v1/models`: the models the caller may reach from where it is (any deployment allowed). */
import { accountFacts, authenticate } from './authenticate.js';
import type { ConnectionFacts, GatewayDeps } from './ports.js';

export interface ModelList {
  readonly object: 'list';
  readonly data: ReadonlyArray<{ readonly id: string; readonly object: 'model'; readonly created: number; readonly owned_by: string }>;
}

export function createListModels(deps: GatewayDeps) {
  return async function listModels(conn: ConnectionFacts): Promise<ModelList> {
    const at = deps.now();
    const auth = await authenticate(deps.accounts, firstHeader(conn.headers.authorization), at);
    const origin = deps.origin.resolve(conn);
    const policy = deps.policy();
    const input = { origin, account: accountFacts(auth), at };
    const data = [];
    for (const route of deps.routes.values()) {
      const decisions = policy.decide(input, route.providers);
      const allowed = decisions.find((d) => d.effect === 'allow');
      if (allowed) data.push({ id: route.name, object: 'model' as const, created: 0, owned_by: allowed.provider });
    }
    return { object: 'list', data };
  };
}

export type ListModels = ReturnType<typeof createListModels>;

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
