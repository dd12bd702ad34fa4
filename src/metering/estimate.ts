/**
 * Usage estimated when the upstream gave none (the caller left before the usage chunk, or a lenient
 * upstream streams without it): the prompt and the relayed answer counted with the model family's
 * tokenizer (tokenizer.ts). Runs only then — never on the normal path.
 */
import type { TokenUsage } from '../domain/usage.js';
import { MESSAGE_OVERHEAD_TOKENS, promptText, REPLY_PRIMING_TOKENS } from './answer-text.js';
import { countTokens, tokenizerFor, type TokenizerChoice } from './tokenizer.js';

export interface EstimatedUsage {
  readonly usage: TokenUsage;
  readonly estimate: TokenizerChoice;
}

export async function estimateUsage(input: { readonly upstreamModel: string; readonly request: Readonly<Record<string, unknown>>; readonly answer: readonly string[] }): Promise<EstimatedUsage> {
  const estimate = tokenizerFor(input.upstreamModel);
  const prompt = promptText(input.request);
  const promptOverhead = prompt.messages === 0 ? 0 : prompt.messages * MESSAGE_OVERHEAD_TOKENS + REPLY_PRIMING_TOKENS;
  const [inputTokens, outputTokens] = await Promise.all([countTokens(estimate.tokenizer, prompt.texts), countTokens(estimate.tokenizer, [input.answer.join('')])]);
  return { usage: { inputTokens: inputTokens + promptOverhead, cachedInputTokens: 0, outputTokens }, estimate };
}
