/**
 * The adapter for every upstream that speaks the OpenAI protocol (OpenAI, Anthropic's and Gemini's
 * compatibility endpoints, DeepSeek, vLLM, Ollama…), and — when the provider names a Messages base URL —
 * Anthropic's Messages API beside it (Anthropic itself, DeepSeek's Anthropic-compatible endpoint).
 */
import { DEFAULT_ANTHROPIC_VERSION, type ProtocolName } from '../protocols/index.js';
import type { Provider, UpstreamRequest } from './contract.js';
import { createHttpUpstream } from './http-upstream.js';

export interface OpenAiCompatibleOptions {
  readonly id: string;
  /** e.g. `https://api.openai.com/v1` (no trailing slash). */
  readonly baseUrl: string;
  /** Where the Messages API lives (`/messages` is appended), or null when the provider does not speak it. */
  readonly messagesBaseUrl?: string | null;
  readonly apiKey: string | null;
  readonly timeoutMs: number;
  readonly streamIdleTimeoutMs: number;
  readonly connections: number;
}

export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): Provider {
  const openai = createHttpUpstream(options);
  // Identity: metering reads the answer as it passes (an upstream that compresses anyway is decoded: http-upstream.ts).
  const openaiHeaders: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'accept-encoding': 'identity' };
  if (options.apiKey) openaiHeaders.authorization = `Bearer ${options.apiKey}`;
  const messages = options.messagesBaseUrl ? createHttpUpstream({ ...options, baseUrl: options.messagesBaseUrl }) : null;
  const messagesHeaders: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'accept-encoding': 'identity', 'anthropic-version': DEFAULT_ANTHROPIC_VERSION };
  if (options.apiKey) messagesHeaders['x-api-key'] = options.apiKey;
  const protocols: ProtocolName[] = messages === null ? ['openai'] : ['openai', 'anthropic'];

  return {
    id: options.id,
    simulated: false,
    protocols,
    send(request: UpstreamRequest) {
      if (request.path === '/messages' || request.path === '/messages/count_tokens') {
        if (messages === null) return Promise.reject(new Error(`provider ${options.id} does not speak the Messages API`));
        return messages.send(request, request.path, withCallerHeaders(messagesHeaders, request));
      }
      return openai.send(request, request.path, openaiHeaders);
    },
    close: async () => {
      await Promise.all([openai.close(), messages?.close()]);
    },
  };
}

/** The caller's protocol headers (Anthropic's version and beta flags) over the adapter's defaults. */
function withCallerHeaders(fixed: Readonly<Record<string, string>>, request: UpstreamRequest): Readonly<Record<string, string>> {
  return request.headers === undefined ? fixed : { ...fixed, ...request.headers };
}


