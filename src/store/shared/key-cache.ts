/**
 * Found API keys by presented secret, for the request path's lookup. Bounded (the oldest entry goes
 * first when full); unknown secrets are never kept. `clear()` moves a generation, and a lookup that
 * began before it cannot put its (perhaps stale) answer back: `set` takes the generation its read
 * started in.
 */
import type { AuthenticatedKey } from '../port.js';

export const KEY_CACHE_SIZE = 10_000;

export class KeyCache {
  readonly #entries = new Map<string, AuthenticatedKey>();
  readonly #max: number;
  #generation = 0;

  constructor(max: number = KEY_CACHE_SIZE) {
    this.#max = max;
  }

  /** Taken before a read; passed to `set` with its answer. */
  get generation(): number {
    return this.#generation;
  }

  get(secret: string): AuthenticatedKey | undefined {
    return this.#entries.get(secret);
  }

  set(secret: string, found: AuthenticatedKey, readIn: number): void {
    if (readIn !== this.#generation) return;
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(secret, found);
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
