/**
 * IP address parsing and canonical formatting, written for the request hot path: IPv4 is parsed into
 * one unsigned 32-bit number with no allocation, IPv6 into four unsigned 32-bit words.
 *
 * Canonical forms (what `normalizeIp` returns and what every other module expects):
 * - IPv4: dotted quad without leading zeros (`010.0.0.1` is refused: some stacks read it as octal).
 * - IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the IPv4 address it carries: a dual-stack socket reports
 *   IPv4 peers that way, and geo databases and policies speak of the IPv4 address.
 * - other IPv6: RFC 5952 — lower case, no leading zeros, the longest run of two or more zero groups
 *   (the first on a tie) written as `::`.
 */

/** An IPv6 address as four unsigned 32-bit words, most significant first. */
export type Ipv6Words = readonly [number, number, number, number];

export type ParsedIp =
  | { readonly family: 4; readonly v4: number }
  | { readonly family: 6; readonly words: Ipv6Words };

/** Returned by `parseIpv4` for anything that is not a strict dotted quad. */
export const INVALID_IPV4 = -1;

/**
 * Parses a strict dotted quad into an unsigned 32-bit number, or `INVALID_IPV4`.
 * No allocation: this runs for every request.
 */
export function parseIpv4(s: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return INVALID_IPV4; // leading zero
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return INVALID_IPV4;
    } else if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) return INVALID_IPV4;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return INVALID_IPV4;
    }
  }
  if (dots !== 3 || digits === 0) return INVALID_IPV4;
  return value * 256 + octet;
}

export function formatIpv4(v4: number): string {
  return `${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.${v4 & 255}`;
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** Parses one side of a `::` into 16-bit groups; an embedded IPv4 tail is allowed when `last`. */
function parseGroups(part: string, last: boolean): number[] | null {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    if (last && i === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIpv4(piece);
      if (v4 === INVALID_IPV4) return null;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (HEXTET.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** Parses an IPv6 address (no brackets, no zone id) into four words, or null. */
export function parseIpv6(s: string): Ipv6Words | null {
  if (s.length < 2 || s.length > 45) return null;
  const gap = s.indexOf('::');
  if (gap !== -1 && s.indexOf('::', gap + 1) !== -1) return null;
  const head = parseGroups(gap === -1 ? s : s.slice(0, gap), gap === -1);
  const tail = gap === -1 ? [] : parseGroups(s.slice(gap + 2), true);
  if (head === null || tail === null) return null;
  const count = head.length + tail.length;
  if (gap === -1 ? count !== 8 : count > 7) return null;
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  return [
    ((groups[0] as number) * 0x10000 + (groups[1] as number)) >>> 0,
    ((groups[2] as number) * 0x10000 + (groups[3] as number)) >>> 0,
    ((groups[4] as number) * 0x10000 + (groups[5] as number)) >>> 0,
    ((groups[6] as number) * 0x10000 + (groups[7] as number)) >>> 0,
  ];
}

/** True for `::ffff:0:0/96`, the IPv4-mapped block. */
export function isIpv4Mapped(words: Ipv6Words): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
}

/** RFC 5952 text for an IPv6 address. */
export function formatIpv6(words: Ipv6Words): string {
  const groups = words.flatMap((w) => [w >>> 16, w & 0xffff]);
  let bestStart = -1;
  let bestLength = 1; // a single zero group is never compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((n) => n.toString(16)).join(':');
  if (bestStart === -1) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/**
 * Parses an address in canonical or near-canonical text (brackets and an IPv6 zone id are tolerated)
 * and unwraps IPv4-mapped IPv6. Null for anything else, ports included.
 */
export function parseIp(raw: string): ParsedIp | null {
  const v4 = parseIpv4(raw);
  if (v4 !== INVALID_IPV4) return { family: 4, v4 };
  // Fast path for what a dual-stack socket reports for every IPv4 peer.
  if (raw.length > 7 && raw.charCodeAt(0) === 58 && raw.slice(0, 7).toLowerCase() === '::ffff:') {
    const mapped = parseIpv4(raw.slice(7));
    if (mapped !== INVALID_IPV4) return { family: 4, v4: mapped };
  }
  let s = raw;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  const words = parseIpv6(s);
  if (words === null) return null;
  if (isIpv4Mapped(words)) return { family: 4, v4: words[3] };
  return { family: 6, words };
}

export function formatIp(ip: ParsedIp): string {
  return ip.family === 4 ? formatIpv4(ip.v4) : formatIpv6(ip.words);
}

/**
 * The canonical text of an address, or null for garbage. Trims white space, strips `[...]` and an
 * IPv6 zone id (`fe80::1%eth0`), unwraps IPv4-mapped IPv6. A port is not an address: `1.2.3.4:80`
 * is null here (header parsers split ports off first, where the syntax makes them unambiguous).
 */
export function normalizeIp(raw: string): string | null {
  const s = raw.trim();
  if (parseIpv4(s) !== INVALID_IPV4) return s; // strict parse: already canonical
  const ip = parseIp(s);
  return ip === null ? null : formatIp(ip);
}
