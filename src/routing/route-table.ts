/**
 * Routing: which deployments may serve a requested model, in which order. Ordering depends only on
 * config, so it is done once at load time; per request only the policy filter runs.
 */
import type { Deployment, ModelRoute } from '../domain/route.js';

export interface Route {
  readonly name: string;
  /** Already in try order for the route's strategy. */
  readonly deployments: readonly Deployment[];
  /** Distinct providers of the deployments, in try order: the ones policy must decide for. */
  readonly providers: readonly string[];
}

export type RouteTable = ReadonlyMap<string, Route>;

export function buildRouteTable(models: readonly ModelRoute[]): RouteTable {
  return new Map(models.map((m) => {
    const deployments = orderDeployments(m);
    return [m.name, { name: m.name, deployments, providers: [...new Set(deployments.map((d) => d.provider))] }];
  }));
}

/**
 * `cheapest`: by list price of a typical request, input + output per million tokens (both count: an
 * answer is usually as long as its prompt), then by priority. A deployment without a price goes last.
 * `priority`: by priority, then the configured order.
 */
export function orderDeployments(model: ModelRoute): Deployment[] {
  const indexed = model.deployments.map((d, i) => ({ d, i }));
  const byPriority = (a: { d: Deployment; i: number }, b: { d: Deployment; i: number }) => a.d.priority - b.d.priority || a.i - b.i;
  if (model.strategy === 'priority') return indexed.sort(byPriority).map((x) => x.d);
  const cost = (d: Deployment) => (d.price ? d.price.input + d.price.output : Number.POSITIVE_INFINITY);
  return indexed.sort((a, b) => cost(a.d) - cost(b.d) || byPriority(a, b)).map((x) => x.d);
}

/** The deployments of `route` whose provider is allowed, keeping the route's order. */
export function allowedDeployments(route: Route, isAllowed: (provider: string) => boolean): Deployment[] {
  return route.deployments.filter((d) => isAllowed(d.provider));
}

/**
 * The table narrowed to the deployments `keep` accepts (those whose provider speaks a protocol), each
 * route keeping its order; a route left with none is dropped. Built once, at load time.
 */
export function restrictRoutes(table: RouteTable, keep: (deployment: Deployment) => boolean): RouteTable {
  const out = new Map<string, Route>();
  for (const [name, route] of table) {
    const deployments = route.deployments.filter(keep);
    if (deployments.length > 0) out.set(name, { name, deployments, providers: [...new Set(deployments.map((d) => d.provider))] });
  }
  return out;
}
