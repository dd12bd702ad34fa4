/**
 * Usage in Anthropic's Messages API. `input_tokens` counts only the tokens neither written to nor read
 * from the prompt cache, so the whole input is `input_tokens + cache_creation_input_tokens +
 * cache_read_input_tokens`; reads are billed at the cached price, writes at the cache-write price.
 * A JSON message carries `usage` at its top level. A stream carries it twice: on `message_start`
 * (`message.usage`: the input, and an early output count) and on `message_delta` (`usage`: the final,
 * cumulative output count, and sometimes the input counts again); later counts replace earlier ones,
 * field by field.
 */
import type { TokenUsage } from '../domain/usage.js';
import type { UsageDialect } from './dialect.js';

type Bag = Readonly<Record<string, unknown>>;

function bag(value: unknown): Bag | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Bag) : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Anthropic's counts as read so far; a missing field keeps its earlier value. */
interface Counts {
  readonly fresh: number;
  readonly cacheWrite: number;
  readonly cacheRead: number;
  readonly output: number;
}

function countsOf(usage: TokenUsage): Counts {
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return { fresh: usage.inputTokens - usage.cachedInputTokens - cacheWrite, cacheWrite, cacheRead: usage.cachedInputTokens, output: usage.outputTokens };
}

function merge(value: unknown, previous: TokenUsage | null): TokenUsage | null {
  const u = bag(value);
  if (u === null) return null;
  const before: Counts = previous === null ? { fresh: 0, cacheWrite: 0, cacheRead: 0, output: 0 } : countsOf(previous);
  const fresh = count(u.input_tokens);
  const output = count(u.output_tokens);
  if (fresh === null && output === null) return null;
  const c: Counts = {
    fresh: fresh ?? before.fresh,
    cacheWrite: count(u.cache_creation_input_tokens) ?? before.cacheWrite,
    cacheRead: count(u.cache_read_input_tokens) ?? before.cacheRead,
    output: output ?? before.output,
  };
  return { inputTokens: c.fresh + c.cacheWrite + c.cacheRead, cachedInputTokens: c.cacheRead, cacheWriteInputTokens: c.cacheWrite, outputTokens: c.output };
}

export const ANTHROPIC_USAGE: UsageDialect = {
  fromMessage(message, previous) {
    const m = bag(message);
    if (m === null) return null;
    if (m.type === 'message_start') return merge(bag(m.message)?.usage, previous);
    return merge(m.usage, previous);
  },
  fromUsage: (value) => merge(value, null),
};
