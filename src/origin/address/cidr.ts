/**
 * A set of CIDR blocks built once (trusted proxies, anonymizer lists) and queried per request.
 *
 * Blocks are turned into sorted, merged ranges: IPv4 as two Uint32Arrays (start, end), IPv6 as one
 * Uint32Array of eight words per range (start words, then end words). `has` is a binary search over
 * numbers: no BigInt, no allocation for IPv4.
 */
import { INVALID_IPV4, parseIp, parseIpv4, parseIpv6, type Ipv6Words, type ParsedIp } from './ip.js';
import { findV4Range, findV6Range } from './ranges.js';

/** A CIDR list entry that could not be read; `index` and `entry` name it. */
export class CidrListError extends Error {
  override readonly name = 'CidrListError';
  constructor(
    readonly index: number,
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`invalid CIDR entry #${index + 1} "${entry}": ${reason}`);
  }
}

type V6Range = { start: Ipv6Words; end: Ipv6Words };

export class CidrSet {
  private constructor(
    private readonly v4Starts: Uint32Array,
    private readonly v4Ends: Uint32Array,
    /** 8 words per range: start[0..3], end[0..3]. */
    private readonly v6Ranges: Uint32Array,
  ) {}

  static empty(): CidrSet {
    return new CidrSet(new Uint32Array(0), new Uint32Array(0), new Uint32Array(0));
  }

  /** @internal Use `parseCidrList`. */
  static fromRanges(v4: Array<[number, number]>, v6: V6Range[]): CidrSet {
    const merged4 = mergeV4(v4);
    const merged6 = mergeV6(v6);
    const v6Words = new Uint32Array(merged6.length * 8);
    merged6.forEach((r, i) => {
      v6Words.set(r.start, i * 8);
      v6Words.set(r.end, i * 8 + 4);
    });
    return new CidrSet(
      Uint32Array.from(merged4, (r) => r[0]),
      Uint32Array.from(merged4, (r) => r[1]),
      v6Words,
    );
  }

  /** Number of merged ranges (for status output). */
  get size(): number {
    return this.v4Starts.length + this.v6Ranges.length / 8;
  }

  /** Whether the address (any text `parseIp` accepts) lies in the set; false for garbage. */
  has(ip: string): boolean {
    const v4 = parseIpv4(ip);
    if (v4 !== INVALID_IPV4) return this.hasV4(v4);
    const parsed = parseIp(ip);
    return parsed !== null && this.hasParsed(parsed);
  }

  hasParsed(ip: ParsedIp): boolean {
    return ip.family === 4 ? this.hasV4(ip.v4) : this.hasV6(ip.words);
  }

  hasV4(v4: number): boolean {
    return findV4Range(this.v4Starts, this.v4Ends, v4) !== -1;
  }

  hasV6(words: Ipv6Words): boolean {
    return findV6Range(this.v6Ranges, words) !== -1;
  }
}

function compareWords(a: Ipv6Words, b: Ipv6Words): number {
  for (let i = 0; i < 4; i++) {
    if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  }
  return 0;
}

function mergeV4(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function mergeV6(ranges: V6Range[]): V6Range[] {
  const sorted = [...ranges].sort((a, b) => compareWords(a.start, b.start));
  const out: V6Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && compareWords(r.start, last.end) <= 0) {
      if (compareWords(r.end, last.end) > 0) last.end = r.end;
    } else {
      out.push({ start: r.start, end: r.end });
    }
  }
  return out;
}

/** Mask of the low `hostBits` bits of a 32-bit word (0..32), as an unsigned number. */
function lowMask(hostBits: number): number {
  return hostBits >= 32 ? 0xffffffff : hostBits <= 0 ? 0 : (2 ** hostBits - 1) >>> 0;
}

/** The first and last IPv6 address of `base/prefix`, or null when `base` has host bits set. */
export function v6Block(base: Ipv6Words, prefix: number): V6Range | null {
  // Host bits of word i: the part of bits [32i, 32i + 32) that lies beyond the prefix.
  const host = (i: number) => lowMask(Math.min(32, Math.max(0, 32 * (i + 1) - prefix)));
  const [m0, m1, m2, m3] = [host(0), host(1), host(2), host(3)];
  const [w0, w1, w2, w3] = base;
  if (((w0 & m0) | (w1 & m1) | (w2 & m2) | (w3 & m3)) !== 0) return null;
  return { start: base, end: [(w0 | m0) >>> 0, (w1 | m1) >>> 0, (w2 | m2) >>> 0, (w3 | m3) >>> 0] };
}

type ParsedBlock = { family: 4; range: [number, number] } | { family: 6; range: V6Range };

/** Why an entry was refused; internal to the parser, re-thrown as `CidrListError`. */
class BlockError extends Error {}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address (a single host). Throws `BlockError`. */
function parseBlock(entry: string): ParsedBlock {
  const text = entry.trim();
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? null : text.slice(slash + 1);
  if (addressText.includes(':')) {
    const words = parseIpv6(addressText);
    if (words === null) throw new BlockError('not an IPv6 address');
    const prefix = parsePrefix(prefixText, 128);
    // An IPv4-mapped block (::ffff:10.0.0.0/104) means the IPv4 block, as addresses are unwrapped.
    if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff && prefix >= 96) {
      return { family: 4, range: v4Block(words[3], prefix - 96) };
    }
    const range = v6Block(words, prefix);
    if (range === null) throw new BlockError(`host bits set after /${prefix}`);
    return { family: 6, range };
  }
  const v4 = parseIpv4(addressText);
  if (v4 === INVALID_IPV4) throw new BlockError('not an IPv4 or IPv6 address');
  return { family: 4, range: v4Block(v4, parsePrefix(prefixText, 32)) };
}

function v4Block(base: number, prefix: number): [number, number] {
  const host = lowMask(32 - prefix);
  if ((base & host) >>> 0 !== 0) throw new BlockError(`host bits set after /${prefix}`);
  return [base, (base | host) >>> 0];
}

function parsePrefix(text: string | null, max: number): number {
  if (text === null) return max;
  if (!/^\d{1,3}$/.test(text) || Number(text) > max) throw new BlockError(`prefix length must be 0 to ${max}`);
  return Number(text);
}

/**
 * Builds a `CidrSet` from CIDR blocks or bare addresses. Throws `CidrListError` naming the first bad
 * entry; a block with host bits set (`10.0.0.1/8`) is refused, since its intent is unclear.
 */
export function parseCidrList(list: readonly string[]): CidrSet {
  const v4: Array<[number, number]> = [];
  const v6: V6Range[] = [];
  list.forEach((entry, index) => {
    let block: ParsedBlock;
    try {
      block = parseBlock(entry);
    } catch (error) {
      if (error instanceof BlockError) throw new CidrListError(index, entry, error.message);
      throw error;
    }
    if (block.family === 4) v4.push(block.range);
    else v6.push(block.range);
  });
  return CidrSet.fromRanges(v4, v6);
}
