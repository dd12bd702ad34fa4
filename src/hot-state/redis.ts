/**
 * The hot state on Redis, shared by every instance (BRIEF "Parts"): fan-out windows are sorted sets,
 * last sightings and nonces are strings with expiry, each operation one atomic Lua script (one round
 * trip). Keys are `<prefix><name>`, so several deployments (or test runs) can share a server.
 *
 * Commands never queue while disconnected (`enableOfflineQueue: false`) and time out after
 * `commandTimeoutMs`: a missing Redis fails a call at once instead of holding requests, and the
 * fallback (fallback.ts) answers in process. The client reconnects by itself.
 */
import { Redis } from 'ioredis';
import type { HotCodec, HotState, WindowedCounts } from './port.js';
import { ADD_TO_WINDOW, CLAIM, SWAP } from './redis-scripts.js';

export interface RedisHotStateOptions {
  readonly url: string;
  /** Prepended to every key; default `cordon:`. */
  readonly prefix?: string;
  /** Most distinct members kept per windowed set (as MemoryHotState's). */
  readonly maxMembers?: number;
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

const SAMPLE = 8;

interface Scripts {
  cordonWindow(key: string, member: string, at: number, windowMs: number, cap: number, sample: number): Promise<[number, string[]]>;
  cordonSwap(key: string, value: string, at: number, expiresAt: number, ttlMs: number): Promise<string | null>;
  cordonClaim(key: string, at: number, expiresAt: number, ttlMs: number): Promise<number>;
}

export class RedisHotState implements HotState {
  readonly client: Redis;
  readonly #scripts: Scripts;
  readonly #maxMembers: number;

  constructor(options: RedisHotStateOptions) {
    this.client = new Redis(options.url, {
      keyPrefix: options.prefix ?? 'cordon:',
      lazyConnect: true,
      enableOfflineQueue: false,
      // Commands issued in one tick (a request's travel and fan-out calls) go out in one write.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      connectTimeout: options.connectTimeoutMs ?? 2000,
      // Reconnect forever, backing off to one attempt every 2 s.
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    this.client.defineCommand('cordonWindow', { numberOfKeys: 1, lua: ADD_TO_WINDOW });
    this.client.defineCommand('cordonSwap', { numberOfKeys: 1, lua: SWAP });
    this.client.defineCommand('cordonClaim', { numberOfKeys: 1, lua: CLAIM });
    // defineCommand adds the methods at run time; this is their shape.
    this.#scripts = this.client as unknown as Scripts;
    this.#maxMembers = options.maxMembers ?? 1000;
  }

  /** True while commands can be sent. */
  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** Connects once; rejects when the server does not answer (the client keeps retrying after). */
  async connect(): Promise<void> {
    await this.client.connect();
  }

  async addToWindow(name: string, member: string, at: number, windowMs: number): Promise<WindowedCounts> {
    const [distinct, sample] = await this.#scripts.cordonWindow(name, member, at, windowMs, this.#maxMembers, SAMPLE);
    return { distinct, sample };
  }

  async swap<T>(name: string, value: T, codec: HotCodec<T>, at: number, ttlMs: number): Promise<T | null> {
    const previous = await this.#scripts.cordonSwap(name, codec.encode(value), at, at + ttlMs, ttlMs);
    return previous === null ? null : codec.decode(previous);
  }

  async claim(name: string, at: number, ttlMs: number): Promise<boolean> {
    return (await this.#scripts.cordonClaim(name, at, at + ttlMs, ttlMs)) === 1;
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
