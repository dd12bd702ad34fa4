/**
 * The meter reads token usage from an upstream body as the bytes pass (JSON: a bounded copy; SSE:
 * line by line) and, when the body ends or is cut, reports once what it saw (`meterBody`). When the
 * usage chunk Cordon asked for must be removed from what the caller sees, it hands the relay a
 * rewrite that holds back only the unfinished end of a line until the chunk that completes it.
 */
import type { Readable } from 'node:stream';
import type { TokenUsage } from '../domain/usage.js';
import type { UsageDialect } from './dialect.js';
import { JsonUsageCollector } from './json-usage.js';
import { SseUsageScanner } from './sse-usage.js';

export interface MeterResult {
  /** Null when the answer carried no usage. */
  readonly usage: TokenUsage | null;
  /** False when the body did not end normally (upstream cut, caller gone, an `error` event in the stream). */
  readonly complete: boolean;
  /** Bytes received from the upstream. */
  readonly bytes: number;
}

export interface MeterOptions {
  /** The answer is an event stream (`text/event-stream`). */
  readonly sse: boolean;
  /** Remove the usage-only chunk from what the caller sees (event streams only). */
  readonly strip: boolean;
  /** Called exactly once, when the body ends or is destroyed. */
  readonly onDone: (result: MeterResult) => void;
  /** How usage is read from the answer: the request's protocol's (OpenAI's when not given). */
  readonly dialect?: UsageDialect;
}

/** Reading chunks and reporting once. */
class UsageReader {
  readonly #sse: SseUsageScanner | null;
  readonly #json: JsonUsageCollector | null;
  readonly #onDone: (result: MeterResult) => void;
  #bytes = 0;
  #done = false;

  constructor(options: MeterOptions) {
    this.#sse = options.sse ? new SseUsageScanner({ strip: options.strip, dialect: options.dialect }) : null;
    this.#json = options.sse ? null : new JsonUsageCollector(undefined, undefined, options.dialect);
    this.#onDone = options.onDone;
  }

  /** Reads a chunk; returns what goes on to the caller (the chunk itself unless stripping). */
  push(chunk: Buffer): Buffer {
    this.#bytes += chunk.length;
    if (this.#sse === null) {
      this.#json?.push(chunk);
      return chunk;
    }
    return this.#sse.push(chunk);
  }

  /** The end of the body: what was held back, if anything. */
  end(): Buffer | undefined {
    const rest = this.#sse?.end();
    this.report(true);
    return rest;
  }

  report(complete: boolean): void {
    if (this.#done) return;
    this.#done = true;
    let usage: TokenUsage | null = null;
    try {
      usage = this.#sse !== null ? this.#sse.usage : (this.#json?.finish() ?? null);
    } catch {
      usage = null;
    }
    this.#onDone({ usage, complete: complete && this.#sse?.failed !== true, bytes: this.#bytes });
  }
}

/** What the relay sends in place of each chunk when the meter changes the body (the usage chunk removed). */
export interface BodyRewrite {
  /** What goes on to the caller for this chunk (may be empty: an unfinished line is held). */
  push(chunk: Buffer): Buffer;
  /** At the body's end: what was still held. Reports the usage (complete). */
  end(): Buffer;
}

/**
 * Reads usage from `body` as its consumer reads it, and reports once when the body ends or is
 * destroyed. The body is paused here so no chunk flows before its consumer listens: the consumer must
 * call `resume()` (the relay does).
 *
 * - Nothing to remove (`strip` false, or a JSON answer): the meter listens beside the consumer, on the
 *   body itself, and returns null — the chunks go out as they came.
 * - `strip` on an event stream: returns the rewrite the consumer applies to every chunk and at the end.
 *   No stream sits in between (a Transform would add its own buffering and ticks to every chunk).
 */
export function meterBody(body: Readable, options: MeterOptions): BodyRewrite | null {
  const strip = options.sse && options.strip;
  const reader = new UsageReader({ ...options, strip });
  body.pause();
  body.once('close', () => reader.report(false)); // after a normal end this does nothing
  if (strip) {
    return { push: (chunk) => reader.push(chunk), end: () => reader.end() ?? EMPTY };
  }
  body.on('data', (chunk: Buffer) => reader.push(chunk));
  body.once('end', () => reader.end());
  return null;
}

const EMPTY = Buffer.alloc(0);
