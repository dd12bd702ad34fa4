/**
 * IPv6 addresses that carry an IPv4 address, and the address they carry: every form in one place
 * (`CarrierKind`, src/domain/origin.ts). Integer tests on the four words; nothing allocates.
 *
 * | form | block | where the IPv4 address is |
 * |---|---|---|
 * | `teredo` (RFC 4380) | 2001::/32 | bits 96–127, every bit inverted (bits 32–63 are the Teredo server, not the client) |
 * | `6to4` (RFC 3056) | 2002::/16 | bits 16–47 |
 * | `nat64` (RFC 6052) | 64:ff9b::/96 | bits 96–127 |
 * | `nat64` local use (RFC 8215) | 64:ff9b:1::/48 | bits 96–127: the /96 layout (see below) |
 * | `ipv4_compatible` (RFC 4291 §2.5.5.1, deprecated) | ::/96 except `::` and `::1` | bits 96–127 |
 * | `ipv4_translated` (RFC 2765 §2.1) | ::ffff:0:0:0/96 | bits 96–127 |
 *
 * The local-use prefix 64:ff9b:1::/48 may hold a translator prefix of any RFC 6052 length (/48 to
 * /96), and the address alone does not say which. It is read in the /96 layout — the one RFC 6052
 * recommends and translators (Jool, Tayga, SIIT-DC) default to: the IPv4 address in the last 32
 * bits. A translator configured with a shorter prefix inside it is not supported.
 *
 * IPv4-mapped addresses (::ffff:a.b.c.d) are not here: `parseIp` already reads them as IPv4.
 */
import type { CarrierKind } from '../../domain/origin.js';
import type { Ipv6Words } from './ip.js';

/** The form of an IPv6 address that carries an IPv4 address, or null for any other address. */
export function carrierKind(words: Ipv6Words): CarrierKind | null {
  const w0 = words[0];
  if (w0 === 0x20010000) return 'teredo';
  if (w0 >>> 16 === 0x2002) return '6to4';
  if (w0 === 0x0064ff9b) {
    if (words[1] === 0 && words[2] === 0) return 'nat64';
    if (words[1] >>> 16 === 0x0001) return 'nat64'; // 64:ff9b:1::/48
    return null;
  }
  if (w0 !== 0 || words[1] !== 0) return null;
  if (words[2] === 0xffff0000) return 'ipv4_translated';
  if (words[2] === 0 && words[3] > 1) return 'ipv4_compatible';
  return null;
}

/** The IPv4 address (an unsigned 32-bit number) an address of form `kind` carries. */
export function carriedIpv4(words: Ipv6Words, kind: CarrierKind): number {
  if (kind === 'teredo') return ~words[3] >>> 0;
  if (kind === '6to4') return ((words[0] & 0xffff) * 0x10000 + (words[1] >>> 16)) >>> 0;
  return words[3];
}

/** The first bit of the carried IPv4 address inside the IPv6 address: what truncating both must hide. */
export function carriedIpv4Offset(kind: CarrierKind): number {
  return kind === '6to4' ? 16 : 96;
}
