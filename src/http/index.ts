export { createRequestHandler, createHttpServer, pathOf, type HttpDeps, type HttpMount, type Readiness } from './server.js';
export { DECISION_ID_HEADER } from './respond.js';
export { newDecisionId } from './decision-id.js';
export { createOperationsMount, type OperationsDeps } from './operations.js';
