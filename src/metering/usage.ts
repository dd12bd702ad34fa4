/**
 * Reading token usage from what an upstream sent, in either dialect of the OpenAI protocol:
 * - chat and text completions, embeddings: `usage.prompt_tokens`, `usage.completion_tokens`,
 *   `usage.prompt_tokens_details.cached_tokens`;
 * - responses: `usage.input_tokens`, `usage.output_tokens`, `usage.input_tokens_details.cached_tokens`,
 *   on the response object or, streamed, on the `response.completed` event's `response`.
 */
import type { TokenUsage } from '../domain/usage.js';

type Bag = Readonly<Record<string, unknown>>;

function bag(value: unknown): Bag | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Bag) : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** A `usage` object of either dialect, or null when it is not one (`usage: null` on stream chunks). */
export function readUsage(value: unknown): TokenUsage | null {
  const u = bag(value);
  if (u === null) return null;
  const prompt = count(u.prompt_tokens);
  if (prompt !== null) {
    const cached = count(bag(u.prompt_tokens_details)?.cached_tokens) ?? 0;
    return { inputTokens: prompt, cachedInputTokens: Math.min(cached, prompt), outputTokens: count(u.completion_tokens) ?? 0 };
  }
  const input = count(u.input_tokens);
  if (input !== null) {
    const cached = count(bag(u.input_tokens_details)?.cached_tokens) ?? 0;
    return { inputTokens: input, cachedInputTokens: Math.min(cached, input), outputTokens: count(u.output_tokens) ?? 0 };
  }
  return null;
}

/** The usage a JSON answer or a streamed event carries (`usage`, or `response.usage`), or null. */
export function usageOf(message: unknown): TokenUsage | null {
  const m = bag(message);
  if (m === null) return null;
  return readUsage(m.usage) ?? readUsage(bag(m.response)?.usage);
}

/**
 * The extra chunk `stream_options.include_usage` makes a chat or text completion stream end with:
 * no choices, and a usage object. The caller sees it only when it asked for it.
 */
export function isUsageOnlyChunk(message: unknown): boolean {
  const m = bag(message);
  return m !== null && Array.isArray(m.choices) && m.choices.length === 0 && readUsage(m.usage) !== null;
}
