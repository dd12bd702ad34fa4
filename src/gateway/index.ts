export { createProxy, RefusedRequest, type Proxy, type ProxyRequest, type ProxyResult, type RequestFacts } from './proxy.js';
export { createListModels, type ListModels, type ModelList } from './list-models.js';
export type { ConnectionFacts, GatewayDeps, OriginResolver, PolicyDecider } from './ports.js';
export type { Attempt } from './fallback.js';
export { authenticate, accountFacts } from './authenticate.js';
