/**
 * Builds enforcement from config: the hot state (the shared one when given), the anonymizer list files, the
 * enforcer, the attestation verifier and the webhook outbox worker. Attestation is verified even with
 * enforcement off (it is about origin); invalid ones are then simply not recorded.
 */
import type { Config } from '../config/types.js';
import { createAttestationVerifier, EnforcementService, loadCountryCentroids, openListFiles, WebhookWorker, type ListEvent, type ListFiles } from '../enforcement/service/index.js';
import type { AttestationVerifier, Enforcer } from '../gateway/ports.js';
import { MemoryHotState, type HotState } from '../hot-state/index.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';

export interface EnforcementHandle {
  /** Undefined when `enforcement.enabled` is false. */
  readonly enforcer: Enforcer | undefined;
  readonly attestation: AttestationVerifier;
  /** Null when no webhook is configured. */
  readonly webhooks: WebhookWorker | null;
  readonly lists: ListFiles;
  readonly hot: HotState;
  close(): Promise<void>;
}

export interface EnforcementOptions {
  readonly now: () => number;
  /** Run the webhook delivery loop (tests drive `webhooks.deliverDue()` themselves). */
  readonly background: boolean;
  /** The hot state to share (Redis, built by src/app/hot-state.ts); in process when absent. */
  readonly hot?: HotState;
}

export async function openEnforcement(config: Config, store: Store, logger: Logger, options: EnforcementOptions): Promise<EnforcementHandle> {
  const settings = config.enforcement;
  const ownHot = options.hot === undefined;
  const hot = options.hot ?? new MemoryHotState();
  const lists = await openListFiles(settings.lists, { onEvent: (e) => logListEvent(logger, e) });
  const webhooks = settings.webhook === null ? null : new WebhookWorker({ outbox: store.enforcement.outbox, settings: settings.webhook, now: options.now, logger });
  const enforcer = settings.enabled
    ? new EnforcementService({
        settings,
        store: store.enforcement,
        hot,
        lists: () => lists.current(),
        centroids: loadCountryCentroids(),
        logger,
        onEnqueued: () => webhooks?.kick(),
      })
    : undefined;
  if (options.background) webhooks?.start();
  return {
    enforcer,
    attestation: createAttestationVerifier({ store: store.enforcement, hot, maxSkewMs: settings.attestation.maxSkewMs }),
    webhooks,
    lists,
    hot,
    async close() {
      await webhooks?.stop();
      lists.close();
      if (ownHot) await hot.close();
    },
  };
}

function logListEvent(logger: Logger, e: ListEvent): void {
  if (e.type === 'loaded') logger.log('info', 'enforcement list loaded', { file: e.file, entries: e.entries, detail: e.detail });
  else logger.log('error', 'enforcement list failed to load; the previous data stays in use', { file: e.file, error: e.error });
}
