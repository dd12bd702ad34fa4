export { createProxy, RefusedRequest, ATTESTATION_HEADER, type Proxy, type ProxyRequest, type ProxyResult } from './proxy.js';
export type { RequestFacts, AttestationOutcome } from './request-facts.js';
export { createListModels, type ListModels, type ModelList } from './list-models.js';
export type { AttestationVerifier, Assessment, BodyRewrite, ConnectionFacts, Enforcer, EvidenceRecorder, GatewayDeps, MeteredResponse, OriginResolver, PolicyDecider, RequestOutcome } from './ports.js';
export type { Attempt } from './fallback.js';
export { authenticate, accountFacts } from './authenticate.js';
