/** The wire protocols Cordon speaks (docs/messages-api.md): which one an endpoint belongs to. */
import { ANTHROPIC } from './anthropic.js';
import { OPENAI } from './openai.js';
import type { WireProtocol } from './protocol.js';

export { ANTHROPIC, DEFAULT_ANTHROPIC_VERSION } from './anthropic.js';
export { OPENAI } from './openai.js';
export type { ErrorAnswer, ProtocolName, RequestedCall, WireProtocol } from './protocol.js';

/** The protocol of a gateway endpoint (`/messages`…), or of a recorded request's endpoint: OpenAI's unless it is a Messages one. */
export function protocolOf(endpoint: string): WireProtocol {
  return endpoint === '/messages' || endpoint === '/messages/count_tokens' ? ANTHROPIC : OPENAI;
}
