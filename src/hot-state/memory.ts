/**
 * The in-process hot state. Windowed sets are exact up to `maxMembers` distinct members per set (then
 * the oldest is dropped, so `distinct` saturates at the cap, far above any fan-out threshold); the
 * number of names is bounded by `maxNames`, least recently used first out. Expired entries are
 * dropped when touched and by a sweep every `sweepEvery` writes, so memory stays bounded without a
 * timer. State is lost on restart: a restart forgets fan-out sets, last-seen places and nonces (a
 * nonce can be replayed only within the skew window of a restart; docs/attestation.md).
 */
import type { HotCodec, HotState, WindowedCounts } from './port.js';

export interface MemoryHotStateOptions {
  readonly maxNames?: number;
  readonly maxMembers?: number;
  readonly sweepEvery?: number;
}

interface Expiring {
  /** The caller's own object (swap) or `true` (claim): nothing is encoded in process. */
  readonly value: unknown;
  readonly expiresAt: number;
}

const SAMPLE = 8;

export class MemoryHotState implements HotState {
  /** name → member → last time added. Map order is insertion order, refreshed on touch (LRU). */
  readonly #sets = new Map<string, Map<string, number>>();
  readonly #values = new Map<string, Expiring>();
  readonly #maxNames: number;
  readonly #maxMembers: number;
  readonly #sweepEvery: number;
  #writes = 0;

  constructor(options: MemoryHotStateOptions = {}) {
    this.#maxNames = options.maxNames ?? 100_000;
    this.#maxMembers = options.maxMembers ?? 1000;
    this.#sweepEvery = options.sweepEvery ?? 10_000;
  }

  async addToWindow(name: string, member: string, at: number, windowMs: number): Promise<WindowedCounts> {
    let set = this.#sets.get(name);
    if (set === undefined) set = new Map();
    else this.#sets.delete(name);
    this.#sets.set(name, set);
    const oldest = at - windowMs;
    set.forEach((t, m) => {
      if (t <= oldest) set.delete(m);
    });
    set.delete(member);
    set.set(member, at);
    if (set.size > this.#maxMembers) set.delete(set.keys().next().value as string);
    this.#bound(this.#sets);
    this.#tick(at);
    const sample: string[] = [];
    for (const m of set.keys()) if (sample.push(m) >= SAMPLE) break;
    return { distinct: set.size, sample };
  }

  async swap<T>(name: string, value: T, _codec: HotCodec<T>, at: number, ttlMs: number): Promise<T | null> {
    const previous = this.#live(name, at) as T | undefined;
    this.#values.delete(name);
    this.#values.set(name, { value, expiresAt: at + ttlMs });
    this.#bound(this.#values);
    this.#tick(at);
    return previous ?? null;
  }

  async claim(name: string, at: number, ttlMs: number): Promise<boolean> {
    if (this.#live(name, at) !== undefined) return false;
    this.#values.set(name, { value: true, expiresAt: at + ttlMs });
    this.#bound(this.#values);
    this.#tick(at);
    return true;
  }

  async close(): Promise<void> {
    this.#sets.clear();
    this.#values.clear();
  }

  /** The value under `name`, undefined when there is none or it has expired. */
  #live(name: string, at: number): unknown {
    const entry = this.#values.get(name);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= at) {
      this.#values.delete(name);
      return undefined;
    }
    return entry.value;
  }

  #bound(map: Map<string, unknown>): void {
    while (map.size > this.#maxNames) map.delete(map.keys().next().value as string);
  }

  /** Every `sweepEvery` writes, drops expired values (sets are pruned when touched). */
  #tick(at: number): void {
    if (++this.#writes % this.#sweepEvery !== 0) return;
    for (const [name, entry] of this.#values) if (entry.expiresAt <= at) this.#values.delete(name);
  }
}
