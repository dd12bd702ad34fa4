/**
 * How usage is read from one protocol's answers. The meter, the SSE scanner and the JSON collector are
 * the same for every protocol; only where the numbers sit, and how a stream's events add up, differ.
 */
import type { TokenUsage } from '../domain/usage.js';
import { readUsage, usageOf } from './usage.js';

export interface UsageDialect {
  /**
   * The usage known after one parsed message (a JSON answer, or one streamed event), given what the
   * earlier events said; null when this message carries none.
   */
  fromMessage(message: unknown, previous: TokenUsage | null): TokenUsage | null;
  /** A bare `usage` object, cut out of the tail of a long JSON answer. */
  fromUsage(value: unknown): TokenUsage | null;
}

/** OpenAI's dialects (chat and text completions, embeddings, responses): each usage object is whole. */
export const OPENAI_USAGE: UsageDialect = {
  fromMessage: (message) => usageOf(message),
  fromUsage: readUsage,
};
