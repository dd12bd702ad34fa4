/**
 * Operator use cases: what an operator does to a running Cordon, one function each, shared by the CLI
 * and the admin API (docs/architecture.md). They take ports (the store's, the enforcement service) and
 * answer with values; each edge parses its input, calls one and formats the answer in its own protocol.
 */
export { accountStanding, type AccountStanding, type KeyStanding, type StandingDeps, type StandingTarget } from './account-standing.js';
export { verifyAuditLog, verifyExport, type AuditVerification, type CheckpointCheck } from './audit-verify.js';
export { reachOnRecords, simulateOnRecords, type ForesightDeps, type ScanProgress } from './foresight.js';
export { reachView, simulationView, diffView, shadowView } from './foresight-view.js';
export { takeKeyAction, type ActionChannel, type KeyActionDeps, type KeyActionRequest, type KeyActionResult } from './key-actions.js';
export { findKey, findTenant, type KeyLookup, type KeyLookupOptions } from './key-lookup.js';
export { createKey, listKeys, revokeKey, type KeyOfTenant } from './keys.js';
export { compileConfiguredPolicy, compilePolicyText, deciderFor, livePolicy, type LiveDecider, type PolicyContext, type PolicySource } from './live-policy.js';
export { applyPolicyVersion, rollbackPolicyVersion, type ApplyInput, type ApplyResult } from './policy-versions.js';
export { roundScore, scoresView } from './score-view.js';
export { actionView, adminTokenView, keyView, policyVersionView, type TimeText } from './views.js';
