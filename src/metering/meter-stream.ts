/**
 * The meter reads token usage from an upstream body as the bytes pass (JSON: a bounded copy; SSE:
 * line by line) and, when the body ends or is cut, reports once what it saw (`meterBody`). It hands the
 * relay a tap (`BodyRewrite`) applied to every chunk, which:
 * - removes the usage chunk Cordon asked for when the caller did not (holding back only the unfinished
 *   end of a line until the chunk that completes it);
 * - holds back the answer's last part (a JSON answer's last chunk; a stream's `[DONE]` or final event)
 *   until the usage record is durable: `end()` resolves with it once `onDone` has settled, so a caller
 *   that received an answer whole always has a usage record (docs/metering.md, "Durability");
 * - when the caller leaves early, keeps reading the upstream for a short grace time for its usage.
 * No stream sits in between (a Transform would add its own buffering and ticks to every chunk).
 */
import type { Readable } from 'node:stream';
import type { TokenUsage } from '../domain/usage.js';
import { JsonUsageCollector } from './json-usage.js';
import { RelayedEvents } from './relayed-events.js';
import { SseUsageScanner } from './sse-usage.js';

export interface MeterResult {
  /** Null when the answer carried no usage. */
  readonly usage: TokenUsage | null;
  /** False when the body did not end normally (upstream cut, caller gone). */
  readonly complete: boolean;
  /** Bytes received from the upstream. */
  readonly bytes: number;
  /**
   * A stream without usage: the text of the events the caller received, for an estimate. Null when
   * the usage is known or the answer is JSON.
   */
  readonly relayedText: readonly string[] | null;
}

export interface MeterOptions {
  /** The answer is an event stream (`text/event-stream`). */
  readonly sse: boolean;
  /** Remove the usage-only chunk from what the caller sees (event streams only). */
  readonly strip: boolean;
  /**
   * Called exactly once, when the body ends or is destroyed. The answer's last part is held until
   * what it returns settles (the usage record durable).
   */
  readonly onDone: (result: MeterResult) => Promise<void> | void;
  /** How long the upstream is still read, after the caller left, for its usage (USAGE_GRACE_MS). */
  readonly graceMs?: number;
}

/** Long enough for the usage chunk that follows the last content chunk; short enough not to pay for an abandoned generation. */
export const USAGE_GRACE_MS = 1000;

/** Reading chunks and reporting once. */
class UsageReader {
  readonly #sse: SseUsageScanner | null;
  readonly #json: JsonUsageCollector | null;
  readonly #onDone: MeterOptions['onDone'];
  /** What the caller received of a stream, until its usage is seen. */
  #relayed: RelayedEvents | null;
  /** A JSON answer's latest chunk: it goes out when the next one comes, the last with `end()`. */
  #heldJson: Buffer | null = null;
  #bytes = 0;
  #done: Promise<void> | null = null;

  constructor(options: MeterOptions) {
    this.#sse = options.sse ? new SseUsageScanner({ strip: options.strip }) : null;
    this.#json = options.sse ? null : new JsonUsageCollector();
    this.#relayed = options.sse ? new RelayedEvents() : null;
    this.#onDone = options.onDone;
  }

  get hasUsage(): boolean {
    return this.#sse?.usage != null;
  }

  /** Reads a chunk; returns what goes on to the caller now. */
  push(chunk: Buffer): Buffer {
    this.#bytes += chunk.length;
    if (this.#sse === null) {
      this.#json?.push(chunk);
      const out = this.#heldJson ?? EMPTY;
      this.#heldJson = chunk;
      return out;
    }
    this.#relayed?.add(chunk);
    const out = this.#sse.push(chunk);
    if (this.#sse.usage !== null) this.#relayed = null;
    return out;
  }

  /** The caller left: what is read from now on is not relayed, so it is not counted in an estimate. */
  callerGone(): void {
    this.#relayed?.stop();
  }

  /** The end of the body: what was held back, once the usage is reported and settled. */
  async end(): Promise<Buffer> {
    const rest = this.#sse !== null ? this.#sse.end() : (this.#heldJson ?? EMPTY);
    this.#heldJson = null;
    await this.report(true);
    return rest;
  }

  report(complete: boolean): Promise<void> {
    if (this.#done !== null) return this.#done;
    let usage: TokenUsage | null = null;
    try {
      usage = this.#sse !== null ? this.#sse.usage : (this.#json?.finish() ?? null);
    } catch {
      usage = null;
    }
    const relayedText = usage === null && this.#relayed !== null ? this.#relayed.texts() : null;
    this.#relayed = null;
    this.#done = Promise.resolve()
      .then(() => this.#onDone({ usage, complete, bytes: this.#bytes, relayedText }))
      .catch(() => undefined); // the recorder logs its own failures; the answer is released either way
    return this.#done;
  }
}

/**
 * What the relay applies to each chunk of a metered body. The relay sends what `push` returns for each
 * chunk, and at the body's end what `end()` resolves with (then ends the answer); when the caller goes
 * away it calls `callerGone()` instead of destroying the body.
 */
export interface BodyRewrite {
  /** What goes on to the caller for this chunk (may be empty: held back). */
  push(chunk: Buffer): Buffer;
  /** At the body's end: what was still held, once the usage record is durable. */
  end(): Buffer | Promise<Buffer>;
  /** The caller has gone: the meter reads on briefly for the usage, then destroys the body. */
  callerGone?(): void;
}

/**
 * Reads usage from `body` as the relay reads it through the returned tap, and reports once when the
 * body ends or is destroyed. The body is paused here so no chunk flows before the relay listens: the
 * relay must call `resume()`.
 */
export function meterBody(body: Readable, options: MeterOptions): BodyRewrite {
  const reader = new UsageReader(options);
  const graceMs = options.graceMs ?? USAGE_GRACE_MS;
  body.pause();
  body.once('close', () => void reader.report(false)); // after a normal end this does nothing
  return {
    push: (chunk) => reader.push(chunk),
    end: () => reader.end(),
    callerGone: () => {
      reader.callerGone();
      // Destroying an unfinished undici body emits an abort error; it is expected here.
      body.on('error', () => {});
      if (reader.hasUsage || body.readableEnded || body.destroyed) {
        body.destroy();
        return;
      }
      const timer = setTimeout(() => body.destroy(), graceMs);
      body.once('close', () => clearTimeout(timer));
      body.on('data', (chunk: Buffer) => {
        reader.push(chunk);
        if (reader.hasUsage) body.destroy();
      });
      body.once('end', () => body.destroy());
      body.resume();
    },
  };
}

const EMPTY = Buffer.alloc(0);
