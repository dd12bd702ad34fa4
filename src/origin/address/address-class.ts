/**
 * Public or private: whether an address can be a real client on the Internet, and so worth a
 * database lookup. Private addresses get `unknown: 'private'` facts and never reach a database — and
 * the default policy serves them as internal traffic, so this list is kept to what truly is internal.
 *
 * Sources: the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates; as of
 * 2026-11), taking the blocks whose "Globally Reachable" is False, less the more specific entries
 * inside them that are globally reachable; plus IPv4 multicast and IPv6 space outside global unicast
 * (a unicast client never has one). Blocks marked N/A (Teredo, 6to4, the old 6to4 relay anycast
 * 192.88.99.0/24) are not private.
 *
 * An address that carries an IPv4 address (Teredo, 6to4, NAT64, IPv4-compatible, IPv4-translated:
 * embedded-ipv4.ts) is as private as the address it carries: 2001:0:…:f5ff:fffe (Teredo carrying
 * 10.0.0.1) is private, 2002:5a0:1::1 (6to4 carrying 5.160.0.1) is public.
 */
import { parseCidrList, type CidrSet } from './cidr.js';
import { carriedIpv4, carrierKind } from './embedded-ipv4.js';
import { INVALID_IPV4, parseIp, parseIpv4, type ParsedIp } from './ip.js';

export type AddressClass = 'public' | 'private';

/** IPv4 blocks that are not globally reachable. */
export const PRIVATE_IPV4_BLOCKS = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // RFC 1918
  '100.64.0.0/10', // shared address space (carrier-grade NAT)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local
  '172.16.0.0/12', // RFC 1918
  '192.0.0.0/24', // IETF protocol assignments (less the two anycast addresses below)
  '192.0.2.0/24', // documentation (TEST-NET-1)
  '192.168.0.0/16', // RFC 1918
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation (TEST-NET-2)
  '203.0.113.0/24', // documentation (TEST-NET-3)
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, with 255.255.255.255 (limited broadcast)
] as const;

/** Globally reachable entries inside the blocks above. */
export const GLOBAL_IPV4_EXCEPTIONS = [
  '192.0.0.9/32', // Port Control Protocol anycast
  '192.0.0.10/32', // TURN anycast
] as const;

/**
 * IPv6 blocks inside global unicast (2000::/3) that are not globally reachable. Everything outside
 * 2000::/3 is private too (`::`, `::1`, 64:ff9b:1::/48, 100::/64, fc00::/7, fe80::/10, ff00::/8,
 * unassigned space) except the well-known NAT64 prefix 64:ff9b::/96, which is global.
 */
export const PRIVATE_IPV6_BLOCKS = [
  '2001::/23', // IETF protocol assignments (less the globally reachable entries below)
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation (RFC 9637)
] as const;

/** Globally reachable (or N/A) entries inside 2001::/23. */
export const GLOBAL_IPV6_EXCEPTIONS = [
  '2001::/32', // Teredo (N/A): classed by the IPv4 address it carries; its own facts are looked up
  '2001:1::1/128', // Port Control Protocol anycast
  '2001:1::2/128', // TURN anycast
  '2001:1::3/128', // DNS-SD service registration protocol anycast
  '2001:3::/32', // AMT
  '2001:4:112::/48', // AS112-v6
  '2001:20::/28', // ORCHIDv2
  '2001:30::/28', // drone remote ID (DRIP)
] as const;

interface Blocks {
  readonly nonGlobal: CidrSet;
  readonly exceptions: CidrSet;
}

let blocks: Blocks | null = null;

/** Built on first use, not at import time. */
function specialBlocks(): Blocks {
  blocks ??= {
    nonGlobal: parseCidrList([...PRIVATE_IPV4_BLOCKS, ...PRIVATE_IPV6_BLOCKS]),
    exceptions: parseCidrList([...GLOBAL_IPV4_EXCEPTIONS, ...GLOBAL_IPV6_EXCEPTIONS]),
  };
  return blocks;
}

function classifyV4(v4: number): AddressClass {
  const b = specialBlocks();
  return b.nonGlobal.hasV4(v4) && !b.exceptions.hasV4(v4) ? 'private' : 'public';
}

/**
 * The class of the address's own block, not of an address it carries: what a database lookup of the
 * address itself is worth. 2002:a00:1::1 (6to4 carrying 10.0.0.1) is public here — 2002::/16 is
 * routed — while 64:ff9b:1::a00:1 (local-use NAT64) is private, as the block is.
 */
export function classifyOwnBlock(ip: ParsedIp): AddressClass {
  if (ip.family === 4) return classifyV4(ip.v4);
  const words = ip.words;
  if (words[0] >>> 29 !== 0b001) {
    // Outside 2000::/3, only the well-known NAT64 prefix is globally reachable.
    return words[0] === 0x0064ff9b && words[1] === 0 && words[2] === 0 ? 'public' : 'private';
  }
  const b = specialBlocks();
  return b.nonGlobal.hasV6(words) && !b.exceptions.hasV6(words) ? 'private' : 'public';
}

/** The class of a client address: an address that carries an IPv4 address is classed by that address. */
export function classifyParsed(ip: ParsedIp): AddressClass {
  if (ip.family === 4) return classifyV4(ip.v4);
  const kind = carrierKind(ip.words);
  if (kind !== null) return classifyV4(carriedIpv4(ip.words, kind));
  return classifyOwnBlock(ip);
}

/**
 * Classifies an address in canonical text (see `normalizeIp`). Text that is not an address is
 * 'private': it can never be looked up, and the caller should have refused it earlier.
 */
export function classifyAddress(ip: string): AddressClass {
  const v4 = parseIpv4(ip);
  if (v4 !== INVALID_IPV4) return classifyV4(v4);
  const parsed = parseIp(ip);
  return parsed === null ? 'private' : classifyParsed(parsed);
}
