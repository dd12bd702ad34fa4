/**
 * Builds the hot state from config: in process for one instance (no `hot_state.url`), or Redis shared
 * by every instance with an in-process fallback while Redis is away (src/hot-state/fallback.ts).
 */
import type { HotStateConfig } from '../config/types.js';
import { FallbackHotState, MemoryHotState, RedisHotState, type HotState, type HotStateHealth } from '../hot-state/index.js';
import type { Logger } from '../observability/logger.js';

export interface HotStateHandle {
  readonly hot: HotState;
  /** For /readyz: always ok in process; Redis's state otherwise. */
  health(): HotStateHealth;
  close(): Promise<void>;
}

export async function openHotState(config: HotStateConfig, logger: Logger): Promise<HotStateHandle> {
  if (config.url === null) {
    const hot = new MemoryHotState();
    return { hot, health: () => ({ ok: true, detail: 'in process' }), close: () => hot.close() };
  }
  const where = redisWhere(config.url);
  const hot = new FallbackHotState(new RedisHotState({ url: config.url, prefix: config.prefix }), { logger, where });
  await hot.start();
  let closed: Promise<void> | null = null;
  return { hot, health: () => hot.health(), close: () => (closed ??= hot.close()) };
}

/** host:port of a Redis URL, for messages (never its password). */
export function redisWhere(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured Redis';
  }
}
