/**
 * Reading a text stream line by line without holding it: lines come in batches, one batch per chunk
 * read, so a caller pays one `await` per chunk rather than per line, and the stream is read only as
 * fast as the caller takes the batches (a 1M-line input is never in memory at once).
 *
 * Each line is decoded from the bytes on its own: a line kept by the caller (a cache key) holds only
 * itself, where a substring of a decoded chunk (`split`) could hold the whole chunk.
 */
import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;
/** A longer line keeps its first this many bytes (and the rest of the chunk that ends it): memory stays bounded. */
const MAX_LINE_BYTES = 64 * 1024;

/** The stream's lines in order, as UTF-8, without their `\n` (a `\r` before it is kept); the last line need not end in `\n`. */
export async function* lineBatches(input: Readable): AsyncGenerator<readonly string[]> {
  let rest: Buffer | null = null;
  for await (const data of input as AsyncIterable<Buffer | string>) {
    const read = typeof data === 'string' ? Buffer.from(data) : data;
    const chunk: Buffer = rest === null ? read : Buffer.concat([rest, read]);
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      lines.push(chunk.toString('utf8', start, end));
      start = end + 1;
    }
    rest = start === chunk.length ? null : chunk.subarray(start, Math.min(chunk.length, start + MAX_LINE_BYTES));
    if (lines.length > 0) yield lines;
  }
  if (rest !== null) yield [rest.toString('utf8')];
}
