/** Builds the gateway's evidence recorder (audit log, metering, usage outbox, shadow differences) from config. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { createEvidenceRecorder, UsageOutbox } from '../recorder/index.js';
import type { EvidenceRecorder } from '../gateway/index.js';
import type { Logger } from '../observability/logger.js';
import type { EvidenceMetrics } from '../observability/metrics.js';
import type { Store } from '../store/index.js';
import type { PolicyHandle } from './policy.js';

export interface EvidenceHandle {
  /** Undefined when `audit.enabled` is false: no records, no metering, no shadow. */
  readonly recorder: EvidenceRecorder | undefined;
  /** Tries the waiting usage records once more (they stay in the outbox file otherwise). */
  close(): Promise<void>;
}

export function openEvidence(
  config: Config,
  store: Store,
  policy: PolicyHandle,
  deps: { readonly now: () => number; readonly logger: Logger; readonly metrics?: EvidenceMetrics; readonly background: boolean; readonly dataVersion?: () => string | undefined },
): EvidenceHandle {
  if (!config.audit.enabled) return { recorder: undefined, close: async () => {} };
  const outbox = new UsageOutbox({
    audit: store.audit,
    isRecorded: async (requestId) => (await store.audit.findByRef(requestId)).some((r) => r.kind === 'usage'),
    dir: outboxDir(config),
    logger: deps.logger,
    metrics: deps.metrics,
  });
  deps.metrics?.watchOutbox?.(() => outbox.size);
  if (deps.background) {
    // Usage records a process that died left waiting.
    outbox.recover().catch((err: unknown) => deps.logger.log('error', 'usage outbox not recovered', { error: String(err) }));
  }
  const recorder = createEvidenceRecorder({
    audit: store.audit,
    truncation: config.audit.ipTruncation,
    now: deps.now,
    logger: deps.logger,
    shadow: () => policy.shadow(),
    shadowStore: store.evidence.shadow,
    metrics: deps.metrics,
    outbox,
    dataVersion: deps.dataVersion,
  });
  return {
    recorder,
    async close() {
      if (outbox.size > 0) await outbox.retryNow();
      outbox.close();
    },
  };
}

/**
 * One directory per store under the data directory, so records wait for the store they belong to; none
 * for a store in memory, which no later process can reach.
 */
function outboxDir(config: Config): string | null {
  if (config.storeUrl.includes(':memory:')) return null;
  return join(config.dataDir, 'usage-outbox', createHash('sha256').update(config.storeUrl).digest('hex').slice(0, 16));
}
