/**
 * The simulated upstream's Messages API (Anthropic's wire format): a message, its stream with every
 * event a real one sends (`message_start`, `content_block_start`, `ping`, `content_block_delta`,
 * `content_block_stop`, `message_delta` with the final usage, `message_stop`), and token counting. So
 * `npm start` with no keys serves the Anthropic SDKs and Claude Code locally.
 */
import type { UpstreamResponse } from './contract.js';
import { eventStream, json } from './simulated-wire.js';

export interface MessagesContext {
  readonly id: string;
  readonly model: string;
  readonly text: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The answer is split into these pieces when streamed. */
  readonly pieces: readonly string[];
}

export function simulatedMessages(path: '/messages' | '/messages/count_tokens', stream: boolean, ctx: MessagesContext): UpstreamResponse {
  if (path === '/messages/count_tokens') return json(200, { input_tokens: ctx.inputTokens });
  return stream ? eventStream(messageEvents(ctx).map(([type, data]) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)) : json(200, message(ctx));
}

function usage(ctx: MessagesContext, output: number) {
  return { input_tokens: ctx.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output };
}

function message(ctx: MessagesContext) {
  return {
    id: `msg_sim_${ctx.id}`,
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content: [{ type: 'text', text: ctx.text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: usage(ctx, ctx.outputTokens),
  };
}

function messageEvents(ctx: MessagesContext): Array<[string, unknown]> {
  const start = { ...message(ctx), content: [], stop_reason: null, usage: usage(ctx, 1) };
  return [
    ['message_start', { type: 'message_start', message: start }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
    ...ctx.pieces.map((text): [string, unknown] => ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }]),
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: ctx.outputTokens } }],
    ['message_stop', { type: 'message_stop' }],
  ];
}
