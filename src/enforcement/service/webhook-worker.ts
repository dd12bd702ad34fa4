/**
 * Delivers the webhook outbox: claims due messages, POSTs each signed body (undici `request`), marks
 * it delivered on a 2xx, or schedules the next attempt with exponential backoff (given up after
 * `maxAttempts`, kept in the outbox). Runs in the background, never on a request's path: the loop is
 * an unref'd interval plus `kick()` after an enqueue; tests call `deliverDue()` directly.
 */
import { request } from 'undici';
import type { Logger } from '../../observability/logger.js';
import type { EnforcementMetrics } from '../../observability/metrics.js';
import type { OutboxMessage, WebhookOutbox } from '../../store/enforcement-port.js';
import type { WebhookSettings } from '../settings.js';
import { SIGNATURE_HEADER, backoffDelay, signWebhook } from '../webhook-signature.js';

export interface DeliveryReport {
  readonly delivered: number;
  readonly failed: number;
  readonly abandoned: number;
}

/** Sends one message; resolves with the HTTP status. Injected in tests that need no network. */
export type WebhookSender = (url: string, headers: Readonly<Record<string, string>>, body: string, timeoutMs: number) => Promise<number>;

export interface WebhookWorkerDeps {
  readonly outbox: WebhookOutbox;
  readonly settings: WebhookSettings;
  readonly now: () => number;
  readonly logger: Logger;
  readonly send?: WebhookSender;
  /** Messages per claim; default 20. */
  readonly batch?: number;
  /** Counts each delivery attempt by outcome. */
  readonly metrics?: Pick<EnforcementMetrics, 'webhook'>;
}

export const undiciSender: WebhookSender = async (url, headers, body, timeoutMs) => {
  const res = await request(url, { method: 'POST', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  await res.body.dump();
  return res.statusCode;
};

export class WebhookWorker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<DeliveryReport> | null = null;
  #again = false;
  readonly #send: WebhookSender;

  constructor(private readonly deps: WebhookWorkerDeps) {
    this.#send = deps.send ?? undiciSender;
  }

  /** Delivers every message due now (one claim after another until none is left). */
  async deliverDue(): Promise<DeliveryReport> {
    const total = { delivered: 0, failed: 0, abandoned: 0 };
    const { outbox, settings, now } = this.deps;
    for (;;) {
      const claimed = await outbox.claimDue(now(), this.deps.batch ?? 20, 2 * settings.timeoutMs + 5000);
      if (claimed.length === 0) return total;
      for (const message of claimed) {
        const outcome = await this.#deliver(message);
        total[outcome]++;
        this.deps.metrics?.webhook(outcome);
      }
    }
  }

  /** Starts the background loop. */
  start(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => this.kick(), this.deps.settings.pollIntervalMs);
    this.#timer.unref();
  }

  /** Runs a delivery pass soon, in the background (one at a time; a kick during a pass adds one more). */
  kick(): void {
    if (this.#timer === null) return;
    if (this.#running !== null) {
      this.#again = true;
      return;
    }
    this.#running = this.deliverDue()
      .catch((error: unknown) => {
        this.deps.logger.log('error', 'webhook delivery pass failed', { error: error instanceof Error ? error.message : String(error) });
        return { delivered: 0, failed: 0, abandoned: 0 };
      })
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          setImmediate(() => this.kick());
        }
      });
  }

  /** Stops the loop and waits for a pass in progress (bounded by the delivery timeout). */
  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#again = false;
    await this.#running;
  }

  async #deliver(message: OutboxMessage): Promise<keyof DeliveryReport> {
    const { outbox, settings, now, logger } = this.deps;
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'cordon-webhook/1',
      'x-cordon-event-id': message.id,
      'x-cordon-event-type': message.type,
      [SIGNATURE_HEADER]: signWebhook(settings.secret.reveal(), message.payload, now()),
    };
    let error: string;
    try {
      const status = await this.#send(settings.url, headers, message.payload, settings.timeoutMs);
      if (status >= 200 && status < 300) {
        await outbox.markDelivered(message.id, now());
        return 'delivered';
      }
      error = `HTTP ${status}`;
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    }
    const attempts = message.attempts + 1;
    const giveUp = attempts >= settings.maxAttempts;
    const at = now();
    await outbox.markFailed(message.id, { at, error, nextAttemptAt: giveUp ? null : at + backoffDelay(attempts, settings.backoffBaseMs, settings.backoffMaxMs) });
    logger.log(giveUp ? 'error' : 'warn', giveUp ? 'webhook given up' : 'webhook delivery failed; will retry', { event_id: message.id, attempts, error });
    return giveUp ? 'abandoned' : 'failed';
  }
}
