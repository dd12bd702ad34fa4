/**
 * The enforcement services that do I/O (store, hot state, webhooks). The pure core is
 * `src/enforcement/*.ts`; only the composition root and the CLI import from here.
 */
export { EnforcementService, WARNING_TEXT, type EnforcerDeps } from './enforcer.js';
export { createAttestationVerifier, type AttestationDeps } from './attestation-verifier.js';
export { loadCountryCentroids } from './centroids.js';
export { WebhookWorker, undiciSender, type DeliveryReport, type WebhookSender } from './webhook-worker.js';
export { takeAction } from './take-action.js';
export { actionDraft, violationJson, ACTION_EVENT, type ActionContext } from './webhook-events.js';
