/**
 * A mock OpenAI-compatible upstream on port 0. Its behaviour is picked by the model name it receives:
 * - `mock-ok` (and any other name): a chat.completion (or SSE stream when `stream: true`)
 * - `mock-429`, `mock-500`: that status with an OpenAI-shaped error
 * - `mock-slow`: waits `slowMs` before answering
 * - `mock-held-first-event`: (streams) sends the head at once and the events when the test calls `releaseHeld()`
 * - `mock-cut-stream`: starts an SSE stream, then destroys the connection mid-way
 * - `mock-cached`: like `mock-ok`, with 5 of the 11 prompt tokens reported as cached
 * It records every request it receives, so tests can assert what reached (or never reached) it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown> | null;
}

export interface MockUpstream {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedRequest[];
  /** Lets every `mock-held-first-event` stream waiting so far send its events. */
  releaseHeld(): void;
  close(): Promise<void>;
}

export async function startMockUpstream(options: { name?: string; slowMs?: number } = {}): Promise<MockUpstream> {
  const received: ReceivedRequest[] = [];
  let held: Array<() => void> = [];
  const name = options.name ?? 'mock';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const model = typeof body?.model === 'string' ? body.model : 'mock-ok';
      const usage = model === 'mock-cached'
        ? { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 5 } }
        : { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
      if (model === 'mock-429' || model === 'mock-500') {
        const status = model === 'mock-429' ? 429 : 500;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `${name} says ${status}`, type: 'server_error', param: null, code: null } }));
        return;
      }
      const answer = () => {
        if (body?.stream === true) {
          const base = { id: `chatcmpl-${name}`, object: 'chat.completion.chunk', created: 1, model };
          if (model === 'mock-held-first-event' && !res.headersSent) {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.flushHeaders();
            held.push(answer);
            return;
          }
          if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream' });
          const parts = ['Hello', ' from', ` ${name}`];
          parts.forEach((p, i) => res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: p } : { content: p }, finish_reason: null }] })}\n\n`));
          if (model === 'mock-cut-stream') {
            setTimeout(() => res.socket?.destroy(), 20);
            return;
          }
          res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
          const opts = body.stream_options as { include_usage?: boolean } | undefined;
          if (opts?.include_usage) res.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
          res.end('data: [DONE]\n\n');
          return;
        }
        const payload = JSON.stringify({
          id: `chatcmpl-${name}`,
          object: 'chat.completion',
          created: 1,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: `Hello from ${name}` }, finish_reason: 'stop' }],
          usage,
        });
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req-${name}` });
        res.end(payload);
      };
      if (model === 'mock-slow') setTimeout(answer, options.slowMs ?? 200);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    received,
    releaseHeld: () => {
      const waiting = held;
      held = [];
      for (const answer of waiting) answer();
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
