import { ERROR_CATALOGUE } from './catalogue.js';
import type { CordonError } from './cordon-error.js';

/** OpenAI's error body: `{"error":{"message","type","param","code"}}`. */
export interface OpenAiErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly param: string | null; readonly code: string };
}

export function toOpenAiError(err: CordonError): OpenAiErrorBody {
  const spec = ERROR_CATALOGUE[err.code];
  return { error: { message: err.message, type: spec.type, param: err.param, code: spec.wire } };
}
