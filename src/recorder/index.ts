/** The recorder: the gateway's EvidenceRecorder (audit records, metering, shadow differences). */
export { createEvidenceRecorder, type EvidenceRecorderDeps } from './recorder.js';
export { decisionEntry, usageEntry } from './entries.js';
export { shadowDifferences } from './shadow-differences.js';
