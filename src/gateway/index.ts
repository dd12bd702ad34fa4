export { createProxy, type Proxy, type ProxyRequest, type ProxyResult } from './proxy.js';
export { createDecide, ATTESTATION_HEADER, type Decide, type DecideRequest, type Decided } from './decide.js';
export { RefusedRequest, UnidentifiedRequest, createIdentifyCaller, type IdentifyCaller } from './refusal.js';
export type { RequestFacts, AttestationOutcome } from '../domain/request-facts.js';
export { createListModels, type ListModels, type ListModelsRequest, type ModelList } from './list-models.js';
export type { AttestationVerifier, Assessment, BodyRewrite, ConnectionFacts, Enforcer, EvidenceRecorder, GatewayDeps, MeteredResponse, MeterRequest, OriginResolver, PolicyDecider, RequestOutcome } from './ports.js';
export type { Attempt } from './fallback.js';
export { identifyKey, accountFacts } from './authenticate.js';
export { createAuthorize, providerForPath, type Authorize, type AuthorizeDeps, type AuthorizeRequest, type Authorization } from './authorize.js';
