/**
 * Usage from a server-sent event stream, read line by line as the chunks pass. Only `data:` lines
 * that mention `"usage"` are parsed. When `strip` is set (Cordon asked for `include_usage`, the caller
 * did not), the usage-only chunk and the blank line ending its event are removed from what the caller
 * sees; then output is cut at line ends, so a line split across chunks goes out whole with the chunk
 * that completes it. Without `strip`, every chunk goes out as it came. A line longer than `maxLine`
 * is passed through unread.
 */
import type { TokenUsage } from '../domain/usage.js';
import { OPENAI_USAGE, type UsageDialect } from './dialect.js';
import { isUsageOnlyChunk } from './usage.js';

export const SSE_MAX_LINE = 1024 * 1024;

const NEWLINE = 0x0a;
const USAGE = Buffer.from('"usage"');
const DATA = Buffer.from('data:');
/** An `error` event: the stream says it failed (Anthropic mid-stream errors, Cordon's own relay). */
const ERROR_EVENT = /^event:\s?error\r?\n?$/;

export class SseUsageScanner {
  readonly #strip: boolean;
  readonly #maxLine: number;
  readonly #dialect: UsageDialect;
  /** The unfinished last line (a copy only of what is needed: one line). */
  #partial: Buffer | null = null;
  /** Inside a line too long to read: pass it through until its end. */
  #skipping = false;
  #dropBlank = false;
  usage: TokenUsage | null = null;
  /** True once the stream sent an `error` event: it did not end as an answer should. */
  failed = false;

  constructor(options: { readonly strip: boolean; readonly maxLine?: number; readonly dialect?: UsageDialect }) {
    this.#strip = options.strip;
    this.#maxLine = options.maxLine ?? SSE_MAX_LINE;
    this.#dialect = options.dialect ?? OPENAI_USAGE;
  }

  /** Reads a chunk; returns what to send on (the chunk itself unless stripping). */
  push(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl + 1);
      start = nl + 1;
      if (this.#skipping) {
        this.#skipping = false;
        out.push(piece);
        continue;
      }
      const line = this.#partial === null ? piece : Buffer.concat([this.#partial, piece]);
      this.#partial = null;
      if (this.#keep(line)) out.push(line);
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) out.push(...this.#hold(rest));
    if (!this.#strip) return chunk;
    return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
  }

  /** The end of the stream: what is still held (an unfinished last line). */
  end(): Buffer {
    const rest = this.#partial;
    this.#partial = null;
    if (rest === null) return Buffer.alloc(0);
    const keep = this.#keep(rest);
    return this.#strip && keep ? rest : Buffer.alloc(0);
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

  /** Reads one complete line; false when it must not reach the caller. */
  #keep(line: Buffer): boolean {
    if (this.#dropBlank) {
      this.#dropBlank = false;
      if (isBlank(line)) return false;
    }
    if (line.length < DATA.length || line.compare(DATA, 0, DATA.length, 0, DATA.length) !== 0 || line.indexOf(USAGE) === -1) {
      if (line[0] === 0x65 /* e */ && ERROR_EVENT.test(line.toString('latin1'))) this.failed = true;
      return true;
    }
    let message: unknown;
    try {
      message = JSON.parse(line.subarray(DATA.length).toString('utf8'));
    } catch {
      return true;
    }
    const usage = this.#dialect.fromMessage(message, this.usage);
    if (usage !== null) this.usage = usage;
    if (this.#strip && isUsageOnlyChunk(message)) {
      this.#dropBlank = true;
      return false;
    }
    return true;
  }
}

function isBlank(line: Buffer): boolean {
  return line.length === 1 || (line.length === 2 && line[0] === 0x0d);
}
