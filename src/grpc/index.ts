export { startExtAuthzServer, type ExtAuthzServer } from './server.js';
export { createCheck, type CheckDeps } from './check.js';
export { authorizationService, loadEnvoyAuthz, AUTHORIZATION_SERVICE, LOADER_OPTIONS, type CheckRequest, type CheckResponse } from './envoy-messages.js';
