/**
 * The decision service's use case: the operator's own proxy (nginx, Envoy, Traefik, HAProxy) asks
 * whether a request may go to a provider; Cordon makes the gateway's decision (decide.ts: key, origin,
 * layered policy, standing, enforcement, the record durable before the answer) and says which provider
 * it is for. The proxy carries the bytes, so nothing is relayed and no usage is metered here.
 */
import type { Deployment } from '../domain/route.js';
import type { Route } from '../routing/route-table.js';
import { CordonError } from '../errors/index.js';
import { authzProvider } from './authz-provider.js';
import { createDecide } from './decide.js';
import { createIdentifyCaller } from './refusal.js';
import type { ConnectionFacts, GatewayDeps } from './ports.js';
import type { RequestFacts } from '../domain/request-facts.js';

export interface AuthorizeRequest {
  /** The decision id (`x-cordon-decision-id`). */
  readonly requestId: string;
  /** The proxy's connection and the headers it forwarded (the caller's key, the forwarding header). */
  readonly conn: ConnectionFacts;
  /** The original request's path, without its query; null when the proxy did not send it. */
  readonly path: string | null;
  /** The provider the proxy names (`x-cordon-provider`): used for a path `authz.paths` does not map; refused when it contradicts the path. */
  readonly provider: string | null;
  /** The Cordon model (a route's name) the request asks for, when the proxy knows it; null otherwise. */
  readonly model: string | null;
}

export interface Authorization {
  readonly facts: RequestFacts;
  /** The provider the request is allowed to go to. */
  readonly provider: string;
  /** `x-cordon-warning` for the caller, from enforcement. */
  readonly warning: string | null;
  /** Milliseconds the decision took (account, origin, policy, enforcement, audit). */
  readonly decisionMs: number;
}

export interface AuthorizeDeps extends GatewayDeps {
  /** Original-request path prefix → provider, longest prefix first (`authz.paths`). */
  readonly paths: readonly { readonly prefix: string; readonly provider: string }[];
}

const NO_BODY = Buffer.alloc(0);

export function createAuthorize(deps: AuthorizeDeps) {
  const decide = createDecide(deps);
  const identify = createIdentifyCaller(deps);
  const alone = new Map<string, Route>();
  /** The provider alone, whatever the model: the operator's proxy sends the request there. Built once per provider. */
  const providerRoute = (provider: string): Route => {
    let route = alone.get(provider);
    if (!route) alone.set(provider, (route = { name: '', deployments: [{ provider, model: '', price: null, priority: 0 }], providers: [provider] }));
    return route;
  };

  return async function authorize(req: AuthorizeRequest): Promise<Authorization> {
    const started = performance.now();
    // The path the proxy routes wins over a header the client may have written (authz-provider.ts).
    const provider = authzProvider(deps.paths, req.path, req.provider);
    if (provider !== null && !deps.providers.has(provider)) {
      throw new CordonError('caller_unknown_provider', { detail: `The provider \`${provider}\` is not configured in this gateway.` });
    }
    const model = req.model ?? '';
    const modelRoute = model === '' ? undefined : deps.routes.get(model);
    if (provider === null && model === '') {
      throw new CordonError('caller_unknown_provider', { detail: 'Cordon cannot tell which provider this request is for: send x-cordon-provider or x-cordon-model, or an original URI (X-Original-URI, X-Forwarded-Uri) that authz.paths maps to a provider.' });
    }
    // A route's deployments at the named provider keep their order; a provider the route does not deploy to is decided alone.
    let route = modelRoute;
    if (provider !== null) {
      const deployments = modelRoute?.deployments.filter((d) => d.provider === provider) ?? [];
      route = deployments.length > 0 ? { name: model, deployments, providers: [provider] } : providerRoute(provider);
    }
    // The key from `Authorization: Bearer` or Anthropic's `x-api-key`, as the gateway reads it.
    const conn = req.conn;
    const auth = await identify(conn);
    const { facts, candidates, warning } = await decide({
      requestId: req.requestId,
      endpoint: req.path ?? '',
      model,
      route,
      stream: false,
      conn,
      auth,
      rawBody: NO_BODY,
      allowedAs: 'authorized',
    });
    return { facts, provider: (candidates[0] as Deployment).provider, warning, decisionMs: performance.now() - started };
  };
}

export type Authorize = ReturnType<typeof createAuthorize>;
