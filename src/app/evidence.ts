/** Builds the gateway's evidence recorder (audit log, metering, shadow differences) from config. */
import type { Config } from '../config/types.js';
import { createEvidenceRecorder } from '../evidence/index.js';
import type { EvidenceRecorder } from '../gateway/index.js';
import type { Logger } from '../observability/logger.js';
import type { EvidenceMetrics } from '../observability/metrics.js';
import type { Store } from '../store/index.js';
import type { PolicyHandle } from './policy.js';

/** Undefined when `audit.enabled` is false: no records, no metering, no shadow. */
export function openEvidence(config: Config, store: Store, policy: PolicyHandle, deps: { readonly now: () => number; readonly logger: Logger; readonly metrics?: EvidenceMetrics; readonly dataVersion?: () => string }): EvidenceRecorder | undefined {
  if (!config.audit.enabled) return undefined;
  return createEvidenceRecorder({
    audit: store.audit,
    truncation: config.audit.ipTruncation,
    now: deps.now,
    logger: deps.logger,
    shadow: () => policy.shadow(),
    shadowStore: store.evidence.shadow,
    metrics: deps.metrics,
    dataVersion: deps.dataVersion,
  });
}
