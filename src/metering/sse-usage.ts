/**
 * Usage from a server-sent event stream, read line by line as the chunks pass. Only `data:` lines
 * that mention `"usage"` are parsed. When `strip` is set (Cordon asked for `include_usage`, the caller
 * did not), the usage-only chunk and the blank line ending its event are removed from what the caller
 * sees; then output is cut at line ends, so a line split across chunks goes out whole with the chunk
 * that completes it. Without `strip`, every chunk goes out as it came. A line longer than `maxLine`
 * is passed through unread.
 *
 * The stream's end — its `data: [DONE]` line, or the Responses API's `response.completed` (`failed`,
 * `incomplete`) event — and everything after it is held back until `end()`: the caller sees that the
 * answer is whole only once its usage record is durable (docs/metering.md, "Durability").
 */
import type { TokenUsage } from '../domain/usage.js';
import { isUsageOnlyChunk, usageOf } from './usage.js';

export const SSE_MAX_LINE = 1024 * 1024;

const NEWLINE = 0x0a;
const USAGE = Buffer.from('"usage"');
const DATA = Buffer.from('data:');
const DONE = /^data: ?\[DONE\]\r?\n?$/;
const END_EVENTS: ReadonlySet<unknown> = new Set(['response.completed', 'response.failed', 'response.incomplete']);
const EMPTY = Buffer.alloc(0);

/** What becomes of one line: sent on, removed (the usage chunk), or the stream's end (held from here). */
const KEEP = 0;
const DROP = 1;
const END = 2;
type Verdict = typeof KEEP | typeof DROP | typeof END;

export class SseUsageScanner {
  readonly #strip: boolean;
  readonly #maxLine: number;
  /** The unfinished last line (a copy only of what is needed: one line). */
  #partial: Buffer | null = null;
  /** Inside a line too long to read: pass it through until its end. */
  #skipping = false;
  #dropBlank = false;
  /** The stream's end and what followed it, held until `end()`; null before the end is seen. */
  #held: Buffer[] | null = null;
  usage: TokenUsage | null = null;

  constructor(options: { readonly strip: boolean; readonly maxLine?: number }) {
    this.#strip = options.strip;
    this.#maxLine = options.maxLine ?? SSE_MAX_LINE;
  }

  /** Reads a chunk; returns what to send on (the chunk itself unless stripping or at the end). */
  push(chunk: Buffer): Buffer {
    if (this.#held !== null) {
      this.#held.push(chunk);
      return EMPTY;
    }
    const out: Buffer[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const from = start;
      const piece = chunk.subarray(start, nl + 1);
      start = nl + 1;
      if (this.#skipping) {
        this.#skipping = false;
        out.push(piece);
        continue;
      }
      const line = this.#partial === null ? piece : Buffer.concat([this.#partial, piece]);
      this.#partial = null;
      const verdict = this.#read(line);
      if (verdict === END) {
        // Without stripping, the start of a line split across chunks has gone out already.
        this.#held = [this.#strip ? line : piece, chunk.subarray(start)];
        if (!this.#strip) return chunk.subarray(0, from);
        return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
      }
      if (verdict === KEEP) out.push(line);
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) out.push(...this.#hold(rest));
    if (!this.#strip) return chunk;
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  /** The end of the stream: what is still held (the stream's end, an unfinished last line). */
  end(): Buffer {
    const held = this.#held;
    this.#held = null;
    if (held !== null) return Buffer.concat(held);
    const rest = this.#partial;
    this.#partial = null;
    if (rest === null) return EMPTY;
    const keep = this.#read(rest) !== DROP;
    return this.#strip && keep ? rest : EMPTY;
  }

  /** Holds an unfinished line; returns what must go out now (a line too long to hold). */
  #hold(rest: Buffer): Buffer[] {
    if (this.#skipping) return [rest];
    const held = this.#partial === null ? Buffer.from(rest) : Buffer.concat([this.#partial, rest]);
    if (held.length <= this.#maxLine) {
      this.#partial = held;
      return [];
    }
    this.#partial = null;
    this.#skipping = true;
    return [held];
  }

  /** Reads one complete line: whether it goes on, is removed, or is the stream's end. */
  #read(line: Buffer): Verdict {
    if (this.#dropBlank) {
      this.#dropBlank = false;
      if (isBlank(line)) return DROP;
    }
    if (line.length < DATA.length || line.compare(DATA, 0, DATA.length, 0, DATA.length) !== 0) return KEEP;
    if (line.indexOf(USAGE) === -1) return line.length <= 16 && DONE.test(line.toString('latin1')) ? END : KEEP;
    let message: unknown;
    try {
      message = JSON.parse(line.subarray(DATA.length).toString('utf8'));
    } catch {
      return KEEP;
    }
    const usage = usageOf(message);
    if (usage !== null) this.usage = usage;
    if (this.#strip && isUsageOnlyChunk(message)) {
      this.#dropBlank = true;
      return DROP;
    }
    return typeof message === 'object' && message !== null && END_EVENTS.has((message as { type?: unknown }).type) ? END : KEEP;
  }
}

function isBlank(line: Buffer): boolean {
  return line.length === 1 || (line.length === 2 && line[0] === 0x0d);
}
