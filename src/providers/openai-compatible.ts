/**
 * The one adapter for every upstream that speaks the OpenAI protocol (OpenAI, Anthropic's and Gemini's
 * compatibility endpoints, DeepSeek, vLLM, Ollama…). node:http semantics through an undici Pool with
 * keep-alive; bodies stay Node streams end to end.
 */
import { Pool } from 'undici';
import { decodeContent } from './content-encoding.js';
import type { Provider, UpstreamRequest, UpstreamResponse } from './contract.js';

export interface OpenAiCompatibleOptions {
  readonly id: string;
  /** e.g. `https://api.openai.com/v1` (no trailing slash). */
  readonly baseUrl: string;
  readonly apiKey: string | null;
  readonly timeoutMs: number;
  readonly streamIdleTimeoutMs: number;
  readonly connections: number;
}

export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): Provider {
  const url = new URL(options.baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  const pool = new Pool(url.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.streamIdleTimeoutMs,
  });
  // Identity: metering reads the answer as it passes (an upstream that compresses anyway is decoded).
  const fixedHeaders: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'accept-encoding': 'identity' };
  if (options.apiKey) fixedHeaders.authorization = `Bearer ${options.apiKey}`;

  return {
    id: options.id,
    simulated: false,
    async send(request: UpstreamRequest): Promise<UpstreamResponse> {
      const res = await pool.request({
        origin: url.origin,
        path: basePath + request.path,
        method: request.method,
        headers: fixedHeaders,
        body: request.body ?? undefined,
        signal: request.signal,
      });
      const { headers, body } = decodeContent(res.headers, res.body);
      return { status: res.statusCode, headers, body };
    },
    close: () => pool.close(),
  };
}
