/**
 * Cost of one answer at the deployment's price table (USD per million tokens), in integer nano-USD:
 * input tokens not served from cache at the input price, cached ones at the cached price (the input
 * price when the table has none), tokens written to the cache at the cache-write price (the input price
 * when the table has none), output tokens at the output price. One token at $1 per million is
 * 1,000 nano-USD, so prices with up to three decimals cost whole nano-USD per token.
 */
import type { Price } from '../domain/route.js';
import type { NanoUsd, TokenUsage } from '../domain/usage.js';

export function costNanoUsd(usage: TokenUsage, price: Price): NanoUsd {
  const written = usage.cacheWriteInputTokens ?? 0;
  const fresh = usage.inputTokens - usage.cachedInputTokens - written;
  const cachedPrice = price.cachedInput ?? price.input;
  const writePrice = price.cacheWrite ?? price.input;
  return Math.round((fresh * price.input + usage.cachedInputTokens * cachedPrice + written * writePrice + usage.outputTokens * price.output) * 1000);
}

/** Nano-USD as dollars for people: `$0.000123`, `$12.34`. */
export function formatUsd(nano: NanoUsd): string {
  const usd = nano / 1e9;
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toFixed(6)}`;
  return `$${usd.toFixed(2)}`;
}

/** Nano-USD as dollars with six decimals, as a number: what JSON answers and CSV carry. */
export function usdAmount(nano: NanoUsd): number {
  return Math.round(nano / 1000) / 1e6;
}
