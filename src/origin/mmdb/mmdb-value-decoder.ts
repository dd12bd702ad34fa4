/**
 * A strict decoder for the MaxMind DB data format (spec: "MaxMind DB File Format Specification",
 * version 2.0), used only to verify files and read their metadata. Lookups use the `maxmind`
 * package, which is fast but trusts the file; this one checks every type and size as it goes.
 */

/** A file that breaks the MaxMind DB format; the message says how. */
export class MmdbFormatError extends Error {
  override readonly name = 'MmdbFormatError';
}

/** Bit set over byte offsets of one section. */
export class OffsetSet {
  private readonly bits: Uint32Array;
  constructor(size: number) {
    this.bits = new Uint32Array((size >>> 5) + 1);
  }
  add(offset: number): void {
    this.bits[offset >>> 5]! |= 1 << (offset & 31);
  }
  /** True when every member of `this` is also in `other` (same size). */
  within(other: OffsetSet): boolean {
    for (let i = 0; i < this.bits.length; i++) {
      if ((this.bits[i]! & ~other.bits[i]!) !== 0) return false;
    }
    return true;
  }
}

/** Data type numbers of the format (extended types are 7 + the extension byte). */
const T = {
  Pointer: 1,
  Utf8String: 2,
  Double: 3,
  Bytes: 4,
  Uint16: 5,
  Uint32: 6,
  Map: 7,
  Int32: 8,
  Uint64: 9,
  Uint128: 10,
  Array: 11,
  Boolean: 14,
  Float: 15,
} as const;

/** Largest payload size each fixed-width type may have. */
const MAX_SIZE: Partial<Record<number, number>> = {
  [T.Uint16]: 2,
  [T.Uint32]: 4,
  [T.Int32]: 4,
  [T.Uint64]: 8,
  [T.Uint128]: 16,
  [T.Boolean]: 1,
};
const EXACT_SIZE: Partial<Record<number, number>> = { [T.Double]: 8, [T.Float]: 4 };
const POINTER_BIAS = [0, 2048, 526336, 0];
const MAX_DEPTH = 512;

export class MmdbValueDecoder {
  // The last control byte read: its type, its size field, where its payload starts.
  private type = 0;
  private length = 0;
  private payload = 0;

  /**
   * @param base absolute offset of the section in `db`; offsets below are relative to it
   * @param size section size in bytes
   * @param starts when given, receives the offset of every value `skip` walks over
   * @param pointerTargets when given, receives the target of every pointer `skip` walks over
   */
  constructor(
    private readonly db: Buffer,
    private readonly base: number,
    private readonly size: number,
    readonly starts: OffsetSet | null = null,
    readonly pointerTargets: OffsetSet | null = null,
  ) {}

  private need(offset: number, bytes: number): void {
    if (offset + bytes > this.size) throw new MmdbFormatError(`value at data offset ${offset} runs past the end of its section`);
  }

  /** Reads the control byte(s) at `offset` into type/length/payload. */
  private header(offset: number): void {
    this.need(offset, 1);
    const ctrl = this.db[this.base + offset]!;
    let type = ctrl >> 5;
    let p = offset + 1;
    if (type === 0) {
      this.need(p, 1);
      type = this.db[this.base + p]! + 7;
      p++;
      if (type < 8 || type > 15 || type === 12 || type === 13) {
        throw new MmdbFormatError(`invalid data type ${type} at data offset ${offset}`);
      }
    }
    if (type === T.Pointer) {
      const bytes = ((ctrl >> 3) & 3) + 1;
      this.need(p, bytes);
      const packed = bytes === 4 ? this.db.readUInt32BE(this.base + p) : (ctrl & 7) * 2 ** (8 * bytes) + this.db.readUIntBE(this.base + p, bytes);
      this.type = type;
      this.length = packed + POINTER_BIAS[bytes - 1]!; // the pointer's target
      this.payload = p + bytes; // where the next value starts
      return;
    }
    let length = ctrl & 31;
    if (length >= 29) {
      const extra = length - 28;
      this.need(p, extra);
      const n = this.db.readUIntBE(this.base + p, extra);
      length = length === 29 ? 29 + n : length === 30 ? 285 + n : 65821 + n;
      p += extra;
    }
    this.type = type;
    this.length = length;
    this.payload = p;
    this.checkSize(offset);
  }

  private checkSize(offset: number): void {
    const exact = EXACT_SIZE[this.type];
    if (exact !== undefined && this.length !== exact) {
      throw new MmdbFormatError(`a ${this.type === T.Double ? 'double' : 'float'} of ${this.length} bytes at data offset ${offset}`);
    }
    const max = MAX_SIZE[this.type];
    if (max !== undefined && this.length > max) {
      throw new MmdbFormatError(`an integer or boolean of ${this.length} bytes (type ${this.type}) at data offset ${offset}`);
    }
    if (this.type !== T.Map && this.type !== T.Array && this.type !== T.Boolean) this.need(this.payload, this.length);
  }

  private checkPointer(offset: number, target: number): void {
    if (target >= this.size) throw new MmdbFormatError(`pointer at data offset ${offset} points outside its section`);
    if (this.db[this.base + target]! >> 5 === T.Pointer) {
      throw new MmdbFormatError(`pointer at data offset ${offset} points to another pointer`);
    }
  }

  /** Checks the value at `offset` and returns the offset after it. Does not follow pointers. */
  skip(offset: number, depth: number): number {
    if (depth > MAX_DEPTH) throw new MmdbFormatError(`data nested deeper than ${MAX_DEPTH} at data offset ${offset}`);
    this.starts?.add(offset);
    this.header(offset);
    const { type, length, payload } = this;
    switch (type) {
      case T.Pointer:
        this.checkPointer(offset, length);
        this.pointerTargets?.add(length);
        return payload;
      case T.Map: {
        let p = payload;
        for (let i = 0; i < length; i++) {
          this.checkKey(p);
          p = this.skip(p, depth + 1);
          p = this.skip(p, depth + 1);
        }
        return p;
      }
      case T.Array: {
        let p = payload;
        for (let i = 0; i < length; i++) p = this.skip(p, depth + 1);
        return p;
      }
      case T.Boolean:
        return payload;
      default:
        return payload + length;
    }
  }

  /** A map key must be a string, directly or through a pointer. */
  private checkKey(offset: number): void {
    this.header(offset);
    let type = this.type;
    if (type === T.Pointer && this.length < this.size) type = this.db[this.base + this.length]! >> 5;
    if (type !== T.Utf8String) throw new MmdbFormatError(`map key at data offset ${offset} is not a string`);
  }

  /** Decodes the value at `offset`, following pointers. */
  read(offset: number, depth = 0): { value: unknown; next: number } {
    if (depth > MAX_DEPTH) throw new MmdbFormatError(`data nested deeper than ${MAX_DEPTH} at data offset ${offset}`);
    this.header(offset);
    const { type, length, payload } = this;
    const at = this.base + payload;
    switch (type) {
      case T.Pointer:
        this.checkPointer(offset, length);
        return { value: this.read(length, depth + 1).value, next: payload };
      case T.Utf8String:
        return { value: this.db.toString('utf8', at, at + length), next: payload + length };
      case T.Double:
        return { value: this.db.readDoubleBE(at), next: payload + 8 };
      case T.Float:
        return { value: this.db.readFloatBE(at), next: payload + 4 };
      case T.Bytes:
        return { value: Buffer.from(this.db.subarray(at, at + length)), next: payload + length };
      case T.Uint16:
      case T.Uint32:
      case T.Int32:
        return { value: this.readInt(type, at, length), next: payload + length };
      case T.Uint64:
      case T.Uint128: {
        let n = 0n;
        for (let i = 0; i < length; i++) n = (n << 8n) | BigInt(this.db[at + i]!);
        return { value: n, next: payload + length };
      }
      case T.Boolean:
        return { value: length !== 0, next: payload };
      case T.Map:
        return this.readMap(payload, length, depth);
      case T.Array: {
        const values: unknown[] = [];
        let p = payload;
        for (let i = 0; i < length; i++) {
          const item = this.read(p, depth + 1);
          values.push(item.value);
          p = item.next;
        }
        return { value: values, next: p };
      }
      default:
        throw new MmdbFormatError(`invalid data type ${type} at data offset ${offset}`);
    }
  }

  private readInt(type: number, at: number, length: number): number {
    if (length === 0) return 0;
    if (type === T.Int32 && length === 4) return this.db.readInt32BE(at);
    return this.db.readUIntBE(at, length);
  }

  private readMap(payload: number, length: number, depth: number): { value: unknown; next: number } {
    const map: Record<string, unknown> = {};
    let p = payload;
    for (let i = 0; i < length; i++) {
      this.checkKey(p);
      const key = this.read(p, depth + 1);
      const value = this.read(key.next, depth + 1);
      map[String(key.value)] = value.value;
      p = value.next;
    }
    return { value: map, next: p };
  }
}
