/**
 * One upstream base URL behind an undici Pool with keep-alive: node:http semantics, bodies kept as
 * Node streams end to end. The protocol adapters (OpenAI-compatible, Anthropic Messages) differ only in
 * the headers they send.
 */
import { Pool } from 'undici';
import { decodeContent } from './content-encoding.js';
import type { UpstreamRequest, UpstreamResponse } from './contract.js';

export interface HttpUpstreamOptions {
  /** e.g. `https://api.openai.com/v1` (no trailing slash). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly streamIdleTimeoutMs: number;
  readonly connections: number;
}

export interface HttpUpstream {
  /** `path` is appended to the base URL's path; `headers` go with every request. */
  send(request: UpstreamRequest, path: string, headers: Readonly<Record<string, string>>): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

export function createHttpUpstream(options: HttpUpstreamOptions): HttpUpstream {
  const url = new URL(options.baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  const pool = new Pool(url.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.streamIdleTimeoutMs,
  });
  return {
    async send(request, path, headers) {
      const res = await pool.request({ origin: url.origin, path: basePath + path, method: request.method, headers, body: request.body ?? undefined, signal: request.signal });
      const { headers: answerHeaders, body } = decodeContent(res.headers, res.body);
      return { status: res.statusCode, headers: answerHeaders, body };
    },
    close: () => pool.close(),
  };
}
