export { ERROR_CATALOGUE, type ErrorCode, type ErrorSpec } from './catalogue.js';
export { CordonError, isCordonError } from './cordon-error.js';
export { toOpenAiError, type OpenAiErrorBody } from './format.js';
export { anthropicErrorType, toAnthropicError, type AnthropicErrorBody } from './anthropic-format.js';
