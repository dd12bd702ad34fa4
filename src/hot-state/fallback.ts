/**
 * The shared hot state with a safe fallback (docs/scale-out.md, "When Redis goes away"). Every call
 * goes to Redis while it is connected; when it is not, or a call fails or times out, the call is
 * answered by an in-process hot state instead, and the outage is logged once (and once more when
 * Redis is back). Enforcement therefore keeps counting — per instance, so a key spread over several
 * instances is counted on each separately for the outage — and a request never fails or waits on
 * Redis. Nonces claimed meanwhile are remembered per instance: a replay to another instance within
 * the attestation skew could pass during the outage (docs/attestation.md).
 */
import type { Logger } from '../observability/logger.js';
import { MemoryHotState } from './memory.js';
import type { HotCodec, HotState, WindowedCounts } from './port.js';
import type { RedisHotState } from './redis.js';

const PROBE_MS = 1000;

export interface HotStateHealth {
  readonly ok: boolean;
  readonly detail: string;
}

export class FallbackHotState implements HotState {
  readonly #shared: RedisHotState;
  readonly #local: MemoryHotState;
  readonly #logger: Logger;
  readonly #where: string;
  #down: string | null = null;

  constructor(shared: RedisHotState, options: { readonly logger: Logger; readonly where: string; readonly local?: MemoryHotState }) {
    this.#shared = shared;
    this.#local = options.local ?? new MemoryHotState();
    this.#logger = options.logger;
    this.#where = options.where;
    shared.client.on('ready', () => this.#up());
    shared.client.on('error', (error: Error) => this.#failed(error));
    shared.client.on('close', () => this.#failed(new Error('connection closed')));
  }

  /** Connects; when Redis does not answer, starts degraded (in process) and keeps reconnecting. */
  async start(): Promise<void> {
    try {
      await this.#shared.connect();
      this.#up();
    } catch (error) {
      this.#failed(error);
    }
  }

  health(): HotStateHealth {
    return this.#down === null
      ? { ok: true, detail: `redis at ${this.#where}` }
      : { ok: false, detail: `redis at ${this.#where} unavailable (${this.#down}); counting in process on this instance until it is back` };
  }

  addToWindow(name: string, member: string, at: number, windowMs: number): Promise<WindowedCounts> {
    return this.#call((h) => h.addToWindow(name, member, at, windowMs));
  }

  swap<T>(name: string, value: T, codec: HotCodec<T>, at: number, ttlMs: number): Promise<T | null> {
    return this.#call((h) => h.swap(name, value, codec, at, ttlMs));
  }

  claim(name: string, at: number, ttlMs: number): Promise<boolean> {
    return this.#call((h) => h.claim(name, at, ttlMs));
  }

  async close(): Promise<void> {
    await Promise.all([this.#shared.close(), this.#local.close()]);
  }

  async #call<T>(run: (hot: HotState) => Promise<T>): Promise<T> {
    if (this.#down !== null || !this.#shared.ready) return run(this.#local);
    try {
      return await run(this.#shared);
    } catch (error) {
      this.#failed(error);
      return run(this.#local);
    }
  }

  #failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.#down !== null) return;
    this.#down = message;
    this.#logger.log('error', 'hot state: Redis unavailable; fan-out, travel and nonce checks count in process on this instance until it is back', { redis: this.#where, error: message });
    // A call that failed on a live connection (a timeout) gets no new 'ready' event: probe instead.
    if (this.#shared.ready) this.#probe();
  }

  #probe(): void {
    const timer = setTimeout(() => {
      if (this.#down === null || !this.#shared.ready) return;
      this.#shared.client.ping().then(
        () => this.#up(),
        () => this.#probe(),
      );
    }, PROBE_MS);
    timer.unref();
  }

  #up(): void {
    if (this.#down === null) return;
    this.#down = null;
    this.#logger.log('info', 'hot state: Redis available again; counting is shared by every instance', { redis: this.#where });
  }
}
