/** OpenAI's protocol: chat and text completions, embeddings, responses. */
import { toOpenAiError, type CordonError } from '../errors/index.js';
import { OPENAI_USAGE } from '../metering/index.js';
import type { WireProtocol } from './protocol.js';
import { requireModel, text } from './fields.js';

export const OPENAI: WireProtocol = {
  name: 'openai',
  label: 'OpenAI API',
  readRequest(_path, body) {
    return { model: requireModel(body.model), stream: body.stream === true, user: text(body.user) };
  },
  forwardHeaders: [],
  requestIdHeader: null,
  errorAnswer: (err: CordonError) => ({ status: err.status, body: toOpenAiError(err) }),
  streamError: (err: CordonError) => `event: error\ndata: ${JSON.stringify(toOpenAiError(err))}\n\n`,
  usage: OPENAI_USAGE,
  safetyField: ['safety_identifier'],
  safetyPaths: ['/chat/completions', '/responses'],
};
