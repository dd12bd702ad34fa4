/**
 * Client addresses are kept truncated to a network (by default /24 for IPv4, /48 for IPv6): the
 * GeoLite2 terms forbid using the data to identify individuals, and privacy law agrees. The full
 * address (32 or 128) is kept only when configured so.
 */
import type { CarrierKind } from '../domain/origin.js';
import { carriedIpv4Offset, formatIp, parseIp, type Ipv6Words } from '../origin/address/index.js';

export interface IpTruncation {
  /** Prefix length kept for IPv4, 0–32. */
  readonly v4: number;
  /** Prefix length kept for IPv6, 0–128. */
  readonly v6: number;
}

export const DEFAULT_IP_TRUNCATION: IpTruncation = Object.freeze({ v4: 24, v6: 48 });

/** `85.214.132.117` → `85.214.132.0/24`; `2001:db8:1:2::1` → `2001:db8:1::/48`; unparsable text → null. */
export function truncateIp(ip: string, keep: IpTruncation): string | null {
  return truncateTo(ip, keep.v4, keep.v6);
}

/**
 * An IPv6 address that carries an IPv4 address, truncated so that it shows no more of that address
 * than `truncateIp` shows of it: unless the IPv4 address is kept whole, the IPv6 prefix kept is at most
 * the bits before the IPv4 address plus the IPv4 prefix kept. A 6to4 address holds its IPv4 address in bits 16–47, so with the default
 * /24 it keeps 40 bits (`2002:5a0:1::1` → `2002:5a0::/40`), not 48; the other forms put it in the last
 * 32 bits, below /48.
 */
export function truncateCarrierIp(ip: string, kind: CarrierKind, keep: IpTruncation): string | null {
  const v4 = clamp(keep.v4, 32);
  const v6 = clamp(keep.v6, 128);
  // With the IPv4 address kept whole, the bits after it reveal nothing more: the IPv6 prefix alone applies.
  return truncateTo(ip, v4, v4 === 32 ? v6 : Math.min(v6, carriedIpv4Offset(kind) + v4));
}

function truncateTo(ip: string, v4Bits: number, v6Bits: number): string | null {
  const parsed = parseIp(ip);
  if (parsed === null) return null;
  if (parsed.family === 4) {
    const bits = clamp(v4Bits, 32);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const text = formatIp({ family: 4, v4: (parsed.v4 & mask) >>> 0 });
    return bits === 32 ? text : `${text}/${bits}`;
  }
  const bits = clamp(v6Bits, 128);
  const w = parsed.words;
  const words: Ipv6Words = [masked(w[0], bits), masked(w[1], bits - 32), masked(w[2], bits - 64), masked(w[3], bits - 96)];
  const text = formatIp({ family: 6, words });
  return bits === 128 ? text : `${text}/${bits}`;
}

/** A 32-bit word with only its first `bits` bits kept (all of them from 32 up, none from 0 down). */
function masked(word: number, bits: number): number {
  if (bits >= 32) return word;
  if (bits <= 0) return 0;
  return (word & (0xffffffff << (32 - bits))) >>> 0;
}

function clamp(bits: number, max: number): number {
  return Math.max(0, Math.min(max, Math.trunc(bits)));
}
