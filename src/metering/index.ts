/**
 * Metering: token usage read from upstream answers as they stream past, estimated with the model
 * family's tokenizer when an answer carries none, and its cost at the price table. Storing usage is
 * the evidence recorder's job. See docs/metering.md.
 */
export { costNanoUsd, formatUsd, usdAmount } from './cost.js';
export { meterBody, USAGE_GRACE_MS, type BodyRewrite, type MeterOptions, type MeterResult } from './meter-stream.js';
export { JSON_FULL_LIMIT, JSON_TAIL_LIMIT, JsonUsageCollector } from './json-usage.js';
export { SSE_MAX_LINE, SseUsageScanner } from './sse-usage.js';
export { isUsageOnlyChunk, readUsage, usageOf } from './usage.js';
export { OPENAI_USAGE, type UsageDialect } from './dialect.js';
export { ANTHROPIC_USAGE } from './anthropic-usage.js';
export { estimateUsage, type EstimatedUsage } from './estimate.js';
export { eventText, promptText } from './answer-text.js';
export { RelayedEvents } from './relayed-events.js';
export { countTokens, tokenizerFor, type TokenizerChoice, type TokenizerName } from './tokenizer.js';
