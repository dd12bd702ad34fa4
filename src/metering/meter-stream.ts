/**
 * The meter reads token usage from an upstream body as the bytes pass (JSON: a bounded copy; SSE:
 * line by line) and, when the body ends or is cut, reports once what it saw. Two forms:
 *
 * - `tapUsage`: listens beside the relay on the body itself — no stream in between, nothing held
 *   back. The usual case (a JSON answer, or a stream whose usage chunk the caller asked for).
 * - `createMeterStream`: a Transform, for when the usage chunk Cordon asked for must be removed from
 *   what the caller sees; it holds back only the unfinished end of a line until the chunk that
 *   completes it.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { TokenUsage } from '../domain/usage.js';
import { JsonUsageCollector } from './json-usage.js';
import { SseUsageScanner } from './sse-usage.js';

export interface MeterResult {
  /** Null when the answer carried no usage. */
  readonly usage: TokenUsage | null;
  /** False when the body did not end normally (upstream cut, caller gone). */
  readonly complete: boolean;
  /** Bytes received from the upstream. */
  readonly bytes: number;
}

export interface MeterOptions {
  /** The answer is an event stream (`text/event-stream`). */
  readonly sse: boolean;
  /** Remove the usage-only chunk from what the caller sees (SSE only; `createMeterStream` only). */
  readonly strip: boolean;
  /** Called exactly once, when the body ends or is destroyed. */
  readonly onDone: (result: MeterResult) => void;
}

/** What both forms share: reading chunks and reporting once. */
class UsageReader {
  readonly #sse: SseUsageScanner | null;
  readonly #json: JsonUsageCollector | null;
  readonly #onDone: (result: MeterResult) => void;
  #bytes = 0;
  #done = false;

  constructor(options: MeterOptions) {
    this.#sse = options.sse ? new SseUsageScanner({ strip: options.strip }) : null;
    this.#json = options.sse ? null : new JsonUsageCollector();
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
    this.#onDone({ usage, complete, bytes: this.#bytes });
  }
}

/**
 * Reads usage from `body` beside whoever consumes it. The body is paused here so no chunk flows
 * before its consumer listens: the consumer must call `resume()` (the relay does).
 */
export function tapUsage(body: Readable, options: Omit<MeterOptions, 'strip'>): void {
  const reader = new UsageReader({ ...options, strip: false });
  body.pause();
  body.on('data', (chunk: Buffer) => reader.push(chunk));
  body.once('end', () => reader.end());
  body.once('close', () => reader.report(false)); // after 'end' this does nothing
}

export function createMeterStream(options: MeterOptions): Transform {
  const reader = new UsageReader(options);
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      const out = reader.push(chunk);
      callback(null, out.length > 0 ? out : undefined);
    },
    flush(callback: TransformCallback): void {
      const rest = reader.end();
      callback(null, rest !== undefined && rest.length > 0 ? rest : undefined);
    },
    destroy(err: Error | null, callback: (error: Error | null) => void): void {
      reader.report(false);
      callback(err);
    },
  });
}
