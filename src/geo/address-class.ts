/**
 * Public or private: whether an address can be a real client on the Internet, and so worth a
 * database lookup. Private addresses get `unknown: 'private'` facts and never reach a database.
 *
 * Sources: IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates), taking the
 * blocks that are not globally reachable, plus multicast (a unicast client never has one).
 */
import { parseCidrList, type CidrSet } from './cidr.js';
import { INVALID_IPV4, parseIp, parseIpv4, type Ipv6Words, type ParsedIp } from './ip.js';

export type AddressClass = 'public' | 'private';

/** IPv4 blocks that are not globally reachable. */
export const PRIVATE_IPV4_BLOCKS = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // RFC 1918
  '100.64.0.0/10', // shared address space (carrier-grade NAT)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local
  '172.16.0.0/12', // RFC 1918
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation (TEST-NET-1)
  '192.88.99.0/24', // deprecated 6to4 relay anycast
  '192.168.0.0/16', // RFC 1918
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation (TEST-NET-2)
  '203.0.113.0/24', // documentation (TEST-NET-3)
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, with 255.255.255.255 (limited broadcast)
] as const;

/**
 * IPv6 blocks inside global unicast (2000::/3) that are not globally reachable. Everything outside
 * 2000::/3 is private too (`::`, `::1`, fc00::/7, fe80::/10, ff00::/8, unassigned space), except the
 * IPv4-carrying forms handled in `classifyParsed`.
 */
export const PRIVATE_IPV6_BLOCKS = [
  '2001::/23', // IETF protocol assignments (Teredo, ORCHID, AMT…)
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation (RFC 9637)
] as const;

let privateSet: CidrSet | null = null;

/** Built on first use, not at import time. */
function privateBlocks(): CidrSet {
  privateSet ??= parseCidrList([...PRIVATE_IPV4_BLOCKS, ...PRIVATE_IPV6_BLOCKS]);
  return privateSet;
}

/** The IPv4 host a NAT64 address (RFC 6052 well-known prefix 64:ff9b::/96) stands for, if any. */
export function nat64Ipv4(words: Ipv6Words): number | null {
  return words[0] === 0x0064ff9b && words[1] === 0 && words[2] === 0 ? words[3] : null;
}

/** The IPv4 address a NAT64 (64:ff9b::/96) or 6to4 (2002::/16, RFC 3056) address carries, if any. */
export function embeddedIpv4(words: Ipv6Words): number | null {
  const nat64 = nat64Ipv4(words);
  if (nat64 !== null) return nat64;
  if (words[0] >>> 16 === 0x2002) return ((words[0] & 0xffff) * 0x10000 + (words[1] >>> 16)) >>> 0;
  return null;
}

export function classifyParsed(ip: ParsedIp): AddressClass {
  const blocks = privateBlocks();
  if (ip.family === 4) return blocks.hasV4(ip.v4) ? 'private' : 'public';
  // An address that carries an IPv4 address is as private as the address it carries:
  // 64:ff9b::10.0.0.1 is a private host behind a NAT64, 64:ff9b::8.8.8.8 a public one.
  const carried = embeddedIpv4(ip.words);
  if (carried !== null) return blocks.hasV4(carried) ? 'private' : 'public';
  if (ip.words[0] >>> 29 !== 0b001) return 'private'; // outside 2000::/3
  return blocks.hasV6(ip.words) ? 'private' : 'public';
}

/**
 * Classifies an address in canonical text (see `normalizeIp`). Text that is not an address is
 * 'private': it can never be looked up, and the caller should have refused it earlier.
 */
export function classifyAddress(ip: string): AddressClass {
  const v4 = parseIpv4(ip);
  if (v4 !== INVALID_IPV4) return privateBlocks().hasV4(v4) ? 'private' : 'public';
  const parsed = parseIp(ip);
  return parsed === null ? 'private' : classifyParsed(parsed);
}
