/**
 * The meter: a Transform the upstream body flows through on its way to the caller. It reads token
 * usage as the bytes pass (JSON: a bounded copy; SSE: line by line) and never holds a chunk back —
 * except, when stripping the usage chunk Cordon asked for, the unfinished end of a line until the
 * chunk that completes it. When the body ends (or is cut) it reports once what it saw.
 */
import { Transform, type TransformCallback } from 'node:stream';
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
  /** Remove the usage-only chunk from what the caller sees (SSE only). */
  readonly strip: boolean;
  /** Called exactly once, when the body ends or is destroyed. */
  readonly onDone: (result: MeterResult) => void;
}

export function createMeterStream(options: MeterOptions): Transform {
  const sse = options.sse ? new SseUsageScanner({ strip: options.strip }) : null;
  const json = options.sse ? null : new JsonUsageCollector();
  let bytes = 0;
  let done = false;
  const report = (complete: boolean): void => {
    if (done) return;
    done = true;
    let usage: TokenUsage | null = null;
    try {
      usage = sse !== null ? sse.usage : (json as JsonUsageCollector).finish();
    } catch {
      usage = null;
    }
    options.onDone({ usage, complete, bytes });
  };
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      bytes += chunk.length;
      if (sse === null) {
        (json as JsonUsageCollector).push(chunk);
        callback(null, chunk);
        return;
      }
      const out = sse.push(chunk);
      callback(null, out.length > 0 ? out : undefined);
    },
    flush(callback: TransformCallback): void {
      const rest = sse?.end();
      report(true);
      callback(null, rest !== undefined && rest.length > 0 ? rest : undefined);
    },
    destroy(err: Error | null, callback: (error: Error | null) => void): void {
      report(false);
      callback(err);
    },
  });
}
