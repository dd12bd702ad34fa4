/**
 * Usage from a JSON answer relayed chunk by chunk. A copy is kept only while the body is small
 * (`fullLimit`); past that only the last `tailLimit` bytes are kept, where OpenAI-compatible servers
 * put `usage` (after the choices or the embedding vectors), and the `usage` object is cut out of the
 * tail and parsed alone. Memory stays bounded whatever the size of the answer.
 */
import type { TokenUsage } from '../domain/usage.js';
import { OPENAI_USAGE, type UsageDialect } from './dialect.js';

export const JSON_FULL_LIMIT = 256 * 1024;
export const JSON_TAIL_LIMIT = 16 * 1024;

export class JsonUsageCollector {
  readonly #fullLimit: number;
  readonly #tailLimit: number;
  #chunks: Buffer[] = [];
  #bytes = 0;
  #truncated = false;
  readonly #dialect: UsageDialect;

  constructor(fullLimit = JSON_FULL_LIMIT, tailLimit = JSON_TAIL_LIMIT, dialect: UsageDialect = OPENAI_USAGE) {
    this.#fullLimit = fullLimit;
    this.#tailLimit = tailLimit;
    this.#dialect = dialect;
  }

  /** Bytes of the answer held now: at most `fullLimit`, then about `tailLimit` plus one chunk. */
  get bytesHeld(): number {
    return this.#bytes;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    if (this.#bytes <= this.#fullLimit) return;
    this.#truncated = true;
    while (this.#chunks.length > 1 && this.#bytes - (this.#chunks[0] as Buffer).length >= this.#tailLimit) {
      this.#bytes -= (this.#chunks.shift() as Buffer).length;
    }
  }

  /** The answer's usage, or null when there is none (or it cannot be read). */
  finish(): TokenUsage | null {
    const text = Buffer.concat(this.#chunks).toString('utf8');
    this.#chunks = [];
    if (!this.#truncated) return parseOr(text, (m) => this.#dialect.fromMessage(m, null));
    const at = text.lastIndexOf('"usage"');
    if (at === -1) return null;
    const open = text.indexOf('{', at);
    const close = open === -1 ? -1 : matchingBrace(text, open);
    return close === -1 ? null : parseOr(text.slice(open, close + 1), this.#dialect.fromUsage);
  }
}

function parseOr(text: string, read: (value: unknown) => TokenUsage | null): TokenUsage | null {
  try {
    return read(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Index of the `}` closing the object that opens at `open`, skipping strings; -1 when cut off. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 /* { */) {
      depth++;
    } else if (c === 125 /* } */ && --depth === 0) {
      return i;
    }
  }
  return -1;
}
