/** The recorder: the gateway's EvidenceRecorder (audit records, metering, usage outbox, shadow differences). */
export { createEvidenceRecorder, type EvidenceRecorderDeps } from './recorder.js';
export { decisionEntry, usageEntry } from './entries.js';
export { shadowDifferences } from './shadow-differences.js';
export { UsageOutbox, USAGE_COMMIT_WAIT_MS, USAGE_OUTBOX_MAX, type UsageOutboxOptions } from './usage-outbox.js';
