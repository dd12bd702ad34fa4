/**
 * What a stream's caller received, kept so its tokens can be counted if the usage never comes
 * (docs/metering.md, "Estimated usage"). Nothing is parsed on the normal path: the relayed chunks are
 * only referenced (no copy) until `RAW_LIMIT` bytes, then folded into the text they carry, so memory
 * stays about the size of the text; once the upstream's usage is seen everything kept is dropped.
 */
import { StringDecoder } from 'node:string_decoder';
import { eventText } from './answer-text.js';

export const RELAYED_RAW_LIMIT = 256 * 1024;

export class RelayedEvents {
  readonly #rawLimit: number;
  #chunks: Buffer[] = [];
  #bytes = 0;
  readonly #decoder = new StringDecoder('utf8');
  /** The unfinished last line of what was folded. */
  #partial = '';
  readonly #texts: string[] = [];
  #stopped = false;

  constructor(rawLimit = RELAYED_RAW_LIMIT) {
    this.#rawLimit = rawLimit;
  }

  add(chunk: Buffer): void {
    if (this.#stopped) return;
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    if (this.#bytes > this.#rawLimit) this.#fold(false);
  }

  /** What comes after this was not relayed (the caller has gone): it is not kept. */
  stop(): void {
    this.#stopped = true;
  }

  /** The answer's text: each piece a model wrote, in order. */
  texts(): readonly string[] {
    this.#fold(true);
    return this.#texts;
  }

  #fold(last: boolean): void {
    let text = this.#partial;
    for (const chunk of this.#chunks) text += this.#decoder.write(chunk);
    this.#chunks = [];
    this.#bytes = 0;
    if (last) text += this.#decoder.end();
    const cut = last ? text.length : text.lastIndexOf('\n') + 1;
    this.#partial = text.slice(cut);
    for (const line of text.slice(0, cut).split('\n')) {
      if (!line.startsWith('data:')) continue;
      try {
        eventText(JSON.parse(line.slice(5)), this.#texts);
      } catch {
        // not JSON (`[DONE]`, a cut line): no text
      }
    }
  }
}
