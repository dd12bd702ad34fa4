/**
 * Builds enforcement from config: the hot state (the shared one when given), the enforcer, the
 * attestation verifier and the webhook outbox worker. Attestation is verified even with enforcement off
 * (it is about origin); invalid ones are then simply not recorded. The anonymizer lists are origin
 * facts, opened with the origin (src/app/origin.ts) and passed in.
 */
import type { Config } from '../config/types.js';
import type { AnonymizerLists } from '../origin/index.js';
import { createAttestationVerifier, EnforcementService, loadCountryCentroids, WebhookWorker } from '../enforcement/service/index.js';
import type { AttestationVerifier, Enforcer } from '../gateway/ports.js';
import { MemoryHotState, type HotState } from '../hot-state/index.js';
import type { Logger } from '../observability/logger.js';
import type { EnforcementMetrics } from '../observability/metrics.js';
import type { Store } from '../store/index.js';

export interface EnforcementHandle {
  /** Undefined when `enforcement.enabled` is false. */
  readonly enforcer: Enforcer | undefined;
  readonly attestation: AttestationVerifier;
  /** Null when no webhook is configured. */
  readonly webhooks: WebhookWorker | null;
  readonly hot: HotState;
  close(): Promise<void>;
}

export interface EnforcementOptions {
  readonly now: () => number;
  /** Run the webhook delivery loop (tests drive `webhooks.deliverDue()` themselves). */
  readonly background: boolean;
  /** The hot state to share (Redis, built by src/app/hot-state.ts); in process when absent. */
  readonly hot?: HotState;
  /** The anonymizer lists in use (the geo handle's). */
  readonly lists: () => AnonymizerLists;
  /** Counts violations, actions and webhook deliveries (the app's /metrics). */
  readonly metrics?: EnforcementMetrics;
}

export async function openEnforcement(config: Config, store: Store, logger: Logger, options: EnforcementOptions): Promise<EnforcementHandle> {
  const settings = config.enforcement;
  const ownHot = options.hot === undefined;
  const hot = options.hot ?? new MemoryHotState();
  const webhooks = settings.webhook === null ? null : new WebhookWorker({ outbox: store.enforcement.outbox, settings: settings.webhook, now: options.now, logger, metrics: options.metrics });
  const enforcer = settings.enabled
    ? new EnforcementService({
        settings,
        store: store.enforcement,
        hot,
        lists: options.lists,
        centroids: loadCountryCentroids(),
        logger,
        onEnqueued: () => webhooks?.kick(),
        metrics: options.metrics,
      })
    : undefined;
  if (options.background) webhooks?.start();
  return {
    enforcer,
    attestation: createAttestationVerifier({ store: store.enforcement, hot, maxSkewMs: settings.attestation.maxSkewMs }),
    webhooks,
    hot,
    async close() {
      await webhooks?.stop();
      if (ownHot) await hot.close();
    },
  };
}
