/**
 * Origin facts: which address is the client, and what the geo databases say about it.
 * See docs/geo.md.
 */
export { normalizeIp, parseIp, formatIp, type ParsedIp, type Ipv6Words } from './address/ip.js';
export { classifyAddress, type AddressClass } from './address/address-class.js';
export { carriedIpv4, carriedIpv4Offset, carrierKind } from './address/embedded-ipv4.js';
export { CidrSet, CidrListError, parseCidrList } from './address/cidr.js';
export { unionFlags } from './lists/anonymizer-flags.js';
export { FORWARDING_HEADERS, resolveClientAddress, trustedCountryHeader, type ClientAddress, type ClientAddressInput, type ForwardingHeader } from './forwarding/client-address.js';
export { DATASET_SUBDIVISION_CODES, subdivisionCodesFromData } from './mmdb/subdivision-aliases.js';
export { defaultBundledLocationFiles } from './lookup/bundled-data.js';
export { createGeoService } from './lookup/geo-service.js';
export { GeoDataError, type DatabaseRole, type DatabaseSchema } from './mmdb/mmdb-source.js';
export type { GeoEvent, GeoFileStatus, GeoLookup, GeoOptions, GeoService, GeoStatus, Located } from './lookup/geo-types.js';
