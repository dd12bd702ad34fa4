/** Reading the few request fields the gateway decides on, the same way in every protocol. */
import { CordonError } from '../errors/index.js';

export function requireModel(model: unknown): string {
  if (model === undefined || model === null || model === '') throw new CordonError('caller_missing_model', {}, { param: 'model' });
  if (typeof model !== 'string') throw new CordonError('caller_invalid_request', { detail: 'The model parameter must be a string.' }, { param: 'model' });
  return model;
}

/** A non-empty string, or null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
