/**
 * Anthropic's Messages API (`/messages`, `/messages/count_tokens`): errors in Anthropic's shape (the
 * SDKs pick their error class by status), mid-stream failures as its `error` event, usage with cache
 * reads and writes, the end user in `metadata.user_id`.
 */
import { anthropicStatus, toAnthropicError, type CordonError } from '../errors/index.js';
import { ANTHROPIC_USAGE } from '../metering/index.js';
import type { WireProtocol } from './protocol.js';
import { requireModel } from './fields.js';

/** What Cordon sends upstream when the caller named no API version (the one every Anthropic SDK sends). */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

export const ANTHROPIC: WireProtocol = {
  name: 'anthropic',
  label: 'Anthropic Messages API',
  readRequest(path, body) {
    // count_tokens never streams, whatever the body says.
    const stream = path === '/messages' && body.stream === true;
    return { model: requireModel(body.model), stream, user: null };
  },
  forwardHeaders: ['anthropic-version', 'anthropic-beta'],
  requestIdHeader: 'request-id',
  errorAnswer: (err: CordonError, requestId: string) => ({ status: anthropicStatus(err), body: toAnthropicError(err, requestId) }),
  streamError: (err: CordonError, requestId: string) => `event: error\ndata: ${JSON.stringify(toAnthropicError(err, requestId))}\n\n`,
  usage: ANTHROPIC_USAGE,
  safetyField: ['metadata', 'user_id'],
  // count_tokens takes no metadata.
  safetyPaths: ['/messages'],
};
