/** Hot state: the port and its backends (in process; Redis, with an in-process fallback). */
export { TEXT, type HotCodec, type HotState, type WindowedCounts } from './port.js';
export { MemoryHotState, type MemoryHotStateOptions } from './memory.js';
export { RedisHotState, type RedisHotStateOptions } from './redis.js';
export { FallbackHotState, type HotStateHealth } from './fallback.js';
