/**
 * Hot state: short-lived per-key counters and memories that every gateway instance must share once
 * there are several (BRIEF "Parts"). In process (memory.ts) or on Redis (redis.ts, behind the
 * in-process fallback of fallback.ts), with one contract (test/hot-state/hot-state.conformance.ts):
 * every method is async, keyed by a string the caller scopes (`key id`, `tenant id`), and takes the
 * request time `at` (epoch ms) so windows and expiries follow the injected clock, not the server's.
 *
 * Values kept by `swap` are the caller's own objects: the in-process backend keeps the object itself
 * (nothing is encoded on the request path), a shared backend stores the codec's text. One name is
 * always used with one codec.
 *
 * Redis mapping (redis-scripts.ts, one atomic Lua script each): a windowed set is a sorted set scored
 * by time (ZADD GT, ZREMRANGEBYSCORE below the window, ZCARD, PEXPIRE window); `swap` and `claim` store
 * the expiry time with the value and compare it with `at`, PX only collecting what has expired.
 */

export interface WindowedCounts {
  /** Distinct members within the window after this addition (saturates at the backend's cap). */
  readonly distinct: number;
  /** Up to a few members, for evidence. */
  readonly sample: readonly string[];
}

/** How a value kept by `swap` crosses a process boundary (Redis). */
export interface HotCodec<T> {
  encode(value: T): string;
  /** Null for text that is not a value of this kind: the stored value then counts as absent. */
  decode(text: string): T | null;
}

/** Text kept as it is. */
export const TEXT: HotCodec<string> = Object.freeze({ encode: (value: string) => value, decode: (text: string) => text });

export interface HotState {
  /**
   * Adds `member` to the set `name` at time `at`, forgets members last added before `at - windowMs`,
   * and returns the distinct members left. Re-adding a member refreshes its time.
   */
  addToWindow(name: string, member: string, at: number, windowMs: number): Promise<WindowedCounts>;
  /** Stores `value` under `name` for `ttlMs` and returns what was there (null if none or expired). */
  swap<T>(name: string, value: T, codec: HotCodec<T>, at: number, ttlMs: number): Promise<T | null>;
  /** Stores `name` for `ttlMs` if absent; true when it was absent (first claim wins: nonces). */
  claim(name: string, at: number, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}
