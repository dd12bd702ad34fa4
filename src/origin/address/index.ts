/**
 * Addresses (docs/origin.md, "Addresses"): parsing to one canonical text, CIDR sets, which addresses
 * are private, and the IPv6 forms that carry an IPv4 address. Pure; used by every other part of origin
 * and by the audit log's truncation.
 */
export { normalizeIp, parseIp, parseIpv4, parseIpv6, formatIp, formatIpv4, INVALID_IPV4, type ParsedIp, type Ipv6Words } from './ip.js';
export { classifyAddress, classifyOwnBlock, type AddressClass } from './address-class.js';
export { carriedIpv4, carriedIpv4Offset, carrierKind } from './embedded-ipv4.js';
export { CidrSet, CidrListError, parseCidrList } from './cidr.js';
export { findV4Range, findV6Range } from './ranges.js';
