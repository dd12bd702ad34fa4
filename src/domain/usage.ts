/** Token usage of one upstream answer, as the upstream reported it. */
export interface TokenUsage {
  /** Prompt / input tokens, cached ones included. */
  readonly inputTokens: number;
  /** Of `inputTokens`, those the upstream served from its prompt cache (billed at the cached price). */
  readonly cachedInputTokens: number;
  readonly outputTokens: number;
}

/** Cost in nano-USD (1e-9 USD), an integer: exact to sum, and a cent is 10,000,000. */
export type NanoUsd = number;

/**
 * How usage was estimated when the upstream reported none (docs/metering.md, "Estimated usage"): the
 * tokenizer that counted the prompt and the relayed answer, and whether it is the model family's own
 * (`openai`) or an approximation (`other`).
 */
export interface UsageEstimate {
  readonly tokenizer: string;
  readonly family: 'openai' | 'other';
}
