export { createRequestHandler, createHttpServer, type HttpDeps, type Readiness } from './server.js';
export { DECISION_ID_HEADER } from './respond.js';
