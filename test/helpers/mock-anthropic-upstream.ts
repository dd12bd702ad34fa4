/**
 * A mock Anthropic Messages API upstream on loopback port 0, under `prefix` (DeepSeek serves it under
 * `/anthropic`). Behaviour by the model name it receives:
 * - a stream (`stream: true`): `mock-error-stream` replays test/fixtures/anthropic/stream-error.sse,
 *   anything else stream.sse, byte for byte;
 * - JSON: a message naming the mock, with cache reads and writes in its usage;
 * - `mock-529`: Anthropic's 529 `overloaded_error`;
 * - `/v1/messages/count_tokens`: `{ input_tokens: 42 }`.
 * It records every request, so tests can assert what reached it (path, headers, body).
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordingServer, type ReceivedRequest } from './mock-upstream.js';

export const ANTHROPIC_STREAM = readFileSync(new URL('../fixtures/anthropic/stream.sse', import.meta.url));
export const ANTHROPIC_ERROR_STREAM = readFileSync(new URL('../fixtures/anthropic/stream-error.sse', import.meta.url));

export interface MockAnthropicUpstream {
  /** The Messages base URL to configure (`messages_base_url`). */
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startMockAnthropicUpstream(options: { name: string; prefix?: string }): Promise<MockAnthropicUpstream> {
  const received: ReceivedRequest[] = [];
  const prefix = options.prefix ?? '';
  const server: Server = recordingServer(received, (req, res, body) => {
    const model = typeof body?.model === 'string' ? body.model : '';
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${options.name}` });
      res.end(JSON.stringify(value));
    };
    if (req.url === `${prefix}/v1/messages/count_tokens`) return send(200, { input_tokens: 42 });
    if (req.url !== `${prefix}/v1/messages`) return send(404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
    if (model === 'mock-529') return send(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    if (body?.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': `req_${options.name}` });
      res.end(model === 'mock-error-stream' ? ANTHROPIC_ERROR_STREAM : ANTHROPIC_STREAM);
      return;
    }
    send(200, {
      id: `msg_${options.name}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: `Hello from ${options.name}` }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 20, cache_read_input_tokens: 30, output_tokens: 7 },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}/v1`,
    received,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
