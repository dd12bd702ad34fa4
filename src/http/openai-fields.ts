/**
 * The request fields of each OpenAI endpoint that Cordon type-checks before routing (`checkFieldTypes`):
 * those OpenAI itself rejects with `invalid_type` and those Cordon reads (`model`, `stream`,
 * `stream_options`). Unknown fields pass: compatible upstreams take extensions.
 */
import type { UpstreamPath } from '../providers/contract.js';
import type { FieldTable } from './field-types.js';

const COMMON: FieldTable = [
  ['model', 'string'],
  ['stream', 'boolean'],
  ['stream_options', 'object'],
  ['user', 'string'],
  ['metadata', 'object'],
];

const SAMPLING: FieldTable = [
  ['temperature', 'number'],
  ['top_p', 'number'],
  ['n', 'integer'],
  ['seed', 'integer'],
  ['presence_penalty', 'number'],
  ['frequency_penalty', 'number'],
];

export const OPENAI_FIELDS: Readonly<Record<Exclude<UpstreamPath, '/models'>, FieldTable>> = {
  '/chat/completions': [
    ...COMMON,
    ['messages', 'array'],
    ['max_tokens', 'integer'],
    ['max_completion_tokens', 'integer'],
    ...SAMPLING,
    ['logprobs', 'boolean'],
    ['top_logprobs', 'integer'],
    ['tools', 'array'],
    ['parallel_tool_calls', 'boolean'],
    ['response_format', 'object'],
    ['store', 'boolean'],
  ],
  '/completions': [...COMMON, ['max_tokens', 'integer'], ...SAMPLING, ['echo', 'boolean'], ['logprobs', 'integer'], ['best_of', 'integer']],
  '/embeddings': [...COMMON, ['dimensions', 'integer'], ['encoding_format', 'string']],
  '/responses': [
    ...COMMON,
    ['instructions', 'string'],
    ['max_output_tokens', 'integer'],
    ['temperature', 'number'],
    ['top_p', 'number'],
    ['tools', 'array'],
    ['parallel_tool_calls', 'boolean'],
    ['store', 'boolean'],
    ['background', 'boolean'],
    ['text', 'object'],
    ['reasoning', 'object'],
  ],
};
