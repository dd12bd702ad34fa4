/**
 * The local simulated upstream: answers OpenAI-protocol and Messages API requests in process, deterministically, so the
 * default install works offline. Every answer is labelled: the text says it is simulated and
 * `system_fingerprint` is `cordon-simulated`. Nothing leaves the machine.
 */
import { createHash } from 'node:crypto';
import type { Provider, UpstreamRequest, UpstreamResponse } from './contract.js';
import { simulatedMessages } from './simulated-messages.js';
import { eventStream, json } from './simulated-wire.js';

export interface SimulatedOptions {
  readonly id: string;
  readonly now: () => number;
}

export const SIMULATED_FINGERPRINT = 'cordon-simulated';

interface Body {
  readonly model?: unknown;
  readonly messages?: unknown;
  readonly prompt?: unknown;
  readonly input?: unknown;
  readonly system?: unknown;
  readonly stream_options?: { readonly include_usage?: unknown } | null;
  readonly dimensions?: unknown;
  readonly encoding_format?: unknown;
}

export function createSimulatedProvider(options: SimulatedOptions): Provider {
  return {
    id: options.id,
    simulated: true,
    protocols: ['openai', 'anthropic'],
    async send(request: UpstreamRequest): Promise<UpstreamResponse> {
      const body = parseBody(request.body);
      const created = Math.floor(options.now() / 1000);
      const model = typeof body.model === 'string' ? body.model : 'simulated';
      const id = digest(request.body ?? Buffer.alloc(0)).slice(0, 24);
      const promptTokens = estimateTokens(JSON.stringify(body.messages ?? body.prompt ?? body.input ?? '') + (body.system === undefined ? '' : JSON.stringify(body.system)));
      const text = `[simulated ${options.id}/${model}] This answer comes from Cordon's local simulated upstream; no provider was called.`;
      const ctx: Ctx = { id, created, model, text, promptTokens, completionTokens: estimateTokens(text) };
      switch (request.path) {
        case '/chat/completions':
          return request.stream ? sse(chatChunks(ctx, body.stream_options?.include_usage === true)) : json(200, chatCompletion(ctx));
        case '/completions':
          return request.stream ? sse(completionChunks(ctx)) : json(200, textCompletion(ctx));
        case '/embeddings':
          return json(200, embeddings(ctx, body));
        case '/responses':
          return request.stream ? sse(responseEvents(ctx)) : json(200, responseObject(ctx));
        case '/models':
          return json(200, { object: 'list', data: [{ id: model, object: 'model', created, owned_by: options.id }] });
        case '/messages':
        case '/messages/count_tokens':
          return simulatedMessages(request.path, request.stream, { id, model, text, inputTokens: promptTokens, outputTokens: ctx.completionTokens, pieces: words(text) });
      }
    },
    close: async () => {},
  };
}

interface Ctx {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly text: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

function parseBody(buf: Buffer | null): Body {
  if (!buf) return {};
  const parsed: unknown = JSON.parse(buf.toString('utf8'));
  return typeof parsed === 'object' && parsed !== null ? (parsed as Body) : {};
}

function digest(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** About four characters a token, as OpenAI's rule of thumb; deterministic, never zero. */
function estimateTokens(s: string): number {
  return Math.max(1, Math.ceil(s.length / 4));
}

function usage(ctx: Ctx) {
  return { prompt_tokens: ctx.promptTokens, completion_tokens: ctx.completionTokens, total_tokens: ctx.promptTokens + ctx.completionTokens };
}

/** The fields every simulated answer and chunk starts with, as OpenAI's do: `chatcmpl-…` for chat, `cmpl-…` for text completions. */
function head(ctx: Ctx, idPrefix: 'chatcmpl' | 'cmpl', object: string) {
  return { id: `${idPrefix}-sim-${ctx.id}`, object, created: ctx.created, model: ctx.model, system_fingerprint: SIMULATED_FINGERPRINT };
}

function chatCompletion(ctx: Ctx) {
  return {
    ...head(ctx, 'chatcmpl', 'chat.completion'),
    choices: [{ index: 0, message: { role: 'assistant', content: ctx.text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: usage(ctx),
  };
}

function words(text: string): string[] {
  return text.split(/(?<= )/);
}

function chatChunks(ctx: Ctx, includeUsage: boolean): unknown[] {
  const base = head(ctx, 'chatcmpl', 'chat.completion.chunk');
  const extra = includeUsage ? { usage: null } : {};
  const chunks: unknown[] = [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], ...extra }];
  for (const w of words(ctx.text)) chunks.push({ ...base, choices: [{ index: 0, delta: { content: w }, logprobs: null, finish_reason: null }], ...extra });
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], ...extra });
  if (includeUsage) chunks.push({ ...base, choices: [], usage: usage(ctx) });
  return chunks;
}

function textCompletion(ctx: Ctx) {
  return {
    ...head(ctx, 'cmpl', 'text_completion'),
    choices: [{ index: 0, text: ctx.text, logprobs: null, finish_reason: 'stop' }],
    usage: usage(ctx),
  };
}

function completionChunks(ctx: Ctx): unknown[] {
  const base = head(ctx, 'cmpl', 'text_completion');
  return [
    ...words(ctx.text).map((w) => ({ ...base, choices: [{ index: 0, text: w, logprobs: null, finish_reason: null }] })),
    { ...base, choices: [{ index: 0, text: '', logprobs: null, finish_reason: 'stop' }] },
  ];
}

function embeddings(ctx: Ctx, body: Body) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ''];
  const dims = typeof body.dimensions === 'number' && body.dimensions > 0 && body.dimensions <= 4096 ? body.dimensions : 64;
  return {
    object: 'list',
    model: ctx.model,
    data: inputs.map((input, index) => {
      const vector = vectorFor(JSON.stringify(input), dims);
      // As OpenAI: `base64` is the little-endian float32 array (the official SDKs ask for it by default).
      const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    }),
    usage: { prompt_tokens: ctx.promptTokens, total_tokens: ctx.promptTokens },
  };
}

/** A deterministic unit vector derived from the text's hash. */
function vectorFor(text: string, dims: number): number[] {
  const out: number[] = [];
  let block = createHash('sha256').update(text).digest();
  while (out.length < dims) {
    for (let i = 0; i + 1 < block.length && out.length < dims; i += 2) out.push(block.readInt16BE(i) / 32768);
    block = createHash('sha256').update(block).digest();
  }
  const norm = Math.hypot(...out) || 1;
  return out.map((v) => v / norm);
}

function responseObject(ctx: Ctx) {
  return {
    id: `resp_sim_${ctx.id}`,
    object: 'response',
    created_at: ctx.created,
    status: 'completed',
    model: ctx.model,
    output: [{ type: 'message', id: `msg_sim_${ctx.id}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: ctx.text, annotations: [] }] }],
    usage: { input_tokens: ctx.promptTokens, output_tokens: ctx.completionTokens, total_tokens: ctx.promptTokens + ctx.completionTokens },
  };
}

function responseEvents(ctx: Ctx): unknown[] {
  const done = responseObject(ctx);
  return [
    { type: 'response.created', response: { ...done, status: 'in_progress', output: [], usage: null } },
    ...words(ctx.text).map((delta) => ({ type: 'response.output_text.delta', item_id: `msg_sim_${ctx.id}`, output_index: 0, content_index: 0, delta })),
    { type: 'response.completed', response: done },
  ];
}

function sse(events: readonly unknown[]): UpstreamResponse {
  const frames = events.map((e) => {
    const type = typeof e === 'object' && e !== null && 'type' in e && typeof e.type === 'string' && e.type.startsWith('response.') ? `event: ${e.type}\n` : '';
    return `${type}data: ${JSON.stringify(e)}\n\n`;
  });
  frames.push('data: [DONE]\n\n');
  return eventStream(frames);
}
