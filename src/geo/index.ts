/**
 * Origin facts: which address is the client, and what the geo databases say about it.
 * See docs/geo.md.
 */
export { normalizeIp, parseIp, formatIp, type ParsedIp, type Ipv6Words } from './ip.js';
export { classifyAddress, type AddressClass } from './address-class.js';
export { carriedIpv4, carriedIpv4Offset, carrierKind } from './embedded-ipv4.js';
export { CidrSet, CidrListError, parseCidrList } from './cidr.js';
export { unionFlags } from './anonymizer-flags.js';
export { FORWARDING_HEADERS, resolveClientAddress, trustedCountryHeader, type ClientAddress, type ClientAddressInput, type ForwardingHeader } from './client-address.js';
export { DATASET_SUBDIVISION_CODES, subdivisionCodesFromData } from './subdivision-aliases.js';
export { defaultBundledLocationFiles } from './bundled-data.js';
export { createGeoService } from './geo-service.js';
export { GeoDataError, type DatabaseRole, type DatabaseSchema } from './mmdb-source.js';
export type { GeoEvent, GeoFileStatus, GeoLookup, GeoOptions, GeoService, GeoStatus, Located } from './geo-types.js';
