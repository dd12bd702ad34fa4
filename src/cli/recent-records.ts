/**
 * Output lines kept, encoded, for keys seen recently: a long input repeats itself (the same client
 * address many times in a day of logs), and a repeat then costs a copy instead of making the record
 * again. Bounded by the records' size in bytes, outside the JavaScript heap (as many strings would make
 * the heap grow to several times their size before a collection).
 *
 * Two generations: the younger takes new records until it holds half the budget, then becomes the
 * older, and the older is dropped; a hit in the older is copied up. Every call is O(1): no eviction walk
 * (a Map's `delete(keys().next().value)` walks past every slot deleted before it). Records are written
 * one after another into large slabs, so keeping one costs no allocation of its own.
 */
const SLAB_BYTES = 1024 * 1024;

export class RecentRecords {
  #young = new Map<string, Buffer>();
  #old = new Map<string, Buffer>();
  #youngBytes = 0;
  #slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  #slabUsed = 0;

  /** `maxBytes`: the most held, both generations together. */
  constructor(private readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    // Copied up, so that an older slab is freed with its generation rather than kept for one record.
    return old === undefined ? undefined : this.#add(key, old);
  }

  /** Keeps `line` for `key`; returns it encoded (UTF-8) with its `\n`. */
  set(key: string, line: string): Buffer {
    return this.#add(key, line);
  }

  /** A string is a line to encode and end; a buffer, a kept line to copy. */
  #add(key: string, record: string | Buffer): Buffer {
    const bytes = this.#store(record);
    this.#young.set(key, bytes);
    this.#youngBytes += bytes.length;
    if (this.#youngBytes >= this.maxBytes / 2) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#youngBytes = 0;
    }
    return bytes;
  }

  /**
   * The record's bytes in the current slab (a new slab when it would not fit; memory of its own when
   * larger than a slab). The line end is written apart: joining it to the line first would copy the line.
   */
  #store(record: string | Buffer): Buffer {
    const most = typeof record === 'string' ? record.length * 3 + 1 : record.length; // UTF-8: ≤ 3 bytes per UTF-16 unit
    if (most > SLAB_BYTES) return typeof record === 'string' ? Buffer.from(`${record}\n`) : Buffer.from(record);
    if (most > SLAB_BYTES - this.#slabUsed) {
      this.#slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.#slabUsed = 0;
    }
    const start = this.#slabUsed;
    if (typeof record === 'string') {
      this.#slabUsed += this.#slab.write(record, start);
      this.#slab[this.#slabUsed++] = 0x0a;
    } else {
      this.#slabUsed += record.copy(this.#slab, start);
    }
    return this.#slab.subarray(start, this.#slabUsed);
  }
}
