/**
 * Output for commands that print one record per input line, many of them: records encoded straight
 * into a buffer and written in large chunks, the writer's backpressure honoured, and a reader that went
 * away (`| head`: EPIPE) ending the output quietly instead of with a stack trace.
 *
 * Encoding each record into a buffer as it comes costs about a third of joining the records into one
 * string and encoding that (V8 must first flatten the joined string).
 */
import type { Writable } from 'node:stream';

/** Each chunk written: a few pipe buffers' worth, so few system calls and little held in memory. */
const CHUNK_BYTES = 256 * 1024;
/** A record may take up to 3 bytes per UTF-16 unit in UTF-8. */
const MAX_BYTES_PER_UNIT = 3;

export class BatchedOutput {
  #chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;
  /** Filled chunks not written yet (a record that did not fit in what was left of one). */
  #full: Buffer[] = [];
  #closed = false;
  #error: Error | null = null;
  readonly #onError = (error: NodeJS.ErrnoException): void => {
    this.#closed = true;
    // The reader closed its end: not a failure of the command.
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') this.#error = error;
  };

  constructor(private readonly out: Writable) {
    out.on('error', this.#onError);
  }

  /** True once the reader has gone: stop producing. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Adds a record (text, or text already encoded); call `flush()` when this returns true (a chunk is ready to write). */
  add(text: string | Uint8Array): boolean {
    const most = typeof text === 'string' ? text.length * MAX_BYTES_PER_UNIT : text.length;
    if (most > CHUNK_BYTES - this.#used) {
      if (this.#used > 0) this.#full.push(this.#chunk.subarray(0, this.#used));
      this.#chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      this.#used = 0;
      if (most > CHUNK_BYTES) {
        this.#full.push(typeof text === 'string' ? Buffer.from(text) : Buffer.from(text.buffer, text.byteOffset, text.length));
        return true;
      }
    }
    if (typeof text === 'string') this.#used += this.#chunk.write(text, this.#used);
    else this.#used += (this.#chunk.set(text, this.#used), text.length);
    return this.#full.length > 0;
  }

  /** Writes what was added; waits while the writer is full. Throws a write error other than a closed reader. */
  async flush(): Promise<void> {
    if (this.#error !== null) throw this.#error;
    const chunks = this.#full;
    if (this.#used > 0) chunks.push(this.#chunk.subarray(0, this.#used));
    // A chunk handed to the writer is its own until written: the next records go to a new one.
    this.#full = [];
    this.#chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.#used = 0;
    for (const chunk of chunks) {
      if (this.#closed) break;
      if (!this.out.write(chunk)) await drained(this.out);
    }
    if (this.#error !== null) throw this.#error;
  }

  /**
   * Writes what is left. The error listener stays: an EPIPE reported after the last write must not
   * become an uncaught exception.
   */
  end(): Promise<void> {
    return this.flush();
  }
}

/** Resolves when the writer can take more, or has closed or failed (the error is the caller's to read). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}
