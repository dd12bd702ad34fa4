/**
 * Relays an upstream answer to the caller chunk by chunk, with backpressure. Once bytes have gone out
 * the status cannot change: a failure mid-stream becomes an SSE `error` event (for event streams) or a
 * cut connection (for JSON), never a silent truncation.
 */
import type { ServerResponse } from 'node:http';
import { ClientGone } from './body.js';
import type { Readable } from 'node:stream';
import { CordonError, toOpenAiError } from '../errors/index.js';
import type { BodyRewrite } from '../gateway/index.js';
import type { UpstreamResponse } from '../providers/contract.js';

/**
 * Upstream headers worth passing on (OpenAI's and Anthropic's); hop-by-hop and cookies are dropped.
 * `content-encoding` stays with the bytes it describes (an encoding the provider adapter could not decode).
 */
const PASS_HEADERS = /^(?:content-type|content-length|content-encoding|retry-after|x-request-id|request-id|openai-[\w-]+|x-ratelimit-[\w-]+|anthropic-ratelimit-[\w-]+)$/;

function openAiStreamError(error: CordonError): string {
  return `event: error\ndata: ${JSON.stringify(toOpenAiError(error))}\n\n`;
}

/** The upstream headers the caller gets, in a new object of their own (callers add to it). */
export function relayHeaders(upstream: UpstreamResponse['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in upstream) {
    const value = upstream[name];
    if (value !== undefined && PASS_HEADERS.test(name)) out[name] = value;
  }
  return out;
}

export function isEventStream(headers: UpstreamResponse['headers']): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && type.startsWith('text/event-stream');
}

export interface RelayResult {
  readonly bytes: number;
  /** null when the stream completed. */
  readonly error: Error | null;
}

/**
 * An event stream's head goes out with its first event (one write, not two), unless the upstream is
 * slower than this to send it: then the head goes alone, so the caller knows the stream has begun.
 */
export const SSE_HEAD_WAIT_MS = 50;

/**
 * `rewrite`, when given (metering), decides what goes out for each chunk and at the end: the end waits
 * for it (the usage record made durable), and a caller that leaves is handed to it (`callerGone`).
 * `streamError` writes the failure event in the caller's protocol (OpenAI's by default).
 */
export function relayBody(body: Readable, res: ServerResponse, sse: boolean, rewrite: BodyRewrite | null = null, streamError: (err: CordonError) => string = openAiStreamError): Promise<RelayResult> {
  return new Promise((resolve) => {
    let bytes = 0;
    let settled = false;
    let headTimer: NodeJS.Timeout | null = sse ? setTimeout(() => res.flushHeaders(), SSE_HEAD_WAIT_MS) : null;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (headTimer !== null) clearTimeout(headTimer);
      body.off('data', onData);
      res.off('drain', onDrain);
      resolve({ bytes, error });
    };
    const onData = (chunk: Buffer) => {
      const out = rewrite === null ? chunk : rewrite.push(chunk);
      if (out.length === 0) return; // all held: the head timer still runs
      if (headTimer !== null) {
        clearTimeout(headTimer);
        headTimer = null;
      }
      bytes += out.length;
      if (!res.write(out)) body.pause();
    };
    const onDrain = () => body.resume();
    body.on('data', onData);
    body.resume(); // a metered body waits, paused, for its consumer (metering/meter-stream.ts)
    res.on('drain', onDrain);
    body.once('end', () => {
      const ended = (rest: Buffer | undefined) => {
        if (rest !== undefined && rest.length > 0) bytes += rest.length;
        res.end(rest);
        finish(null);
      };
      const rest = rewrite?.end();
      if (rest instanceof Promise) void rest.then(ended);
      else ended(rest);
    });
    body.once('error', (err: Error) => {
      if (res.destroyed) return finish(err);
      if (sse) {
        const error = new CordonError('provider_stream_failed', { detail: 'the upstream connection ended early' }, { cause: err });
        res.end(streamError(error));
      } else {
        res.destroy(err);
      }
      finish(err);
    });
    res.once('close', () => {
      if (!settled) {
        if (rewrite?.callerGone) {
          rewrite.callerGone(); // it reads on briefly for the usage, then destroys the body
        } else {
          // Destroying an unfinished undici body emits an abort error; it is expected here.
          body.on('error', () => {});
          body.destroy();
        }
        finish(new ClientGone());
      }
    });
  });
}
