/**
 * Origin facts: which address is the client, and what the geo databases say about it.
 * See docs/geo.md.
 */
export { normalizeIp, parseIp, formatIp, type ParsedIp, type Ipv6Words } from './address/ip.js';
export { classifyAddress, type AddressClass } from './address/address-class.js';
export { carriedIpv4, carriedIpv4Offset, carrierKind } from './address/embedded-ipv4.js';
export { CidrSet, CidrListError, parseCidrList } from './address/cidr.js';
export { unionFlags } from './lists/anonymizer-flags.js';
export { anonymizerHits, listedFlags, NO_LISTS, type AnonymizerLists, type FlagHit } from './lists/anonymizer-lists.js';
export { parseTorExitList, EMPTY_TOR_LIST, type TorExitList } from './lists/tor-exit-list.js';
export { parseAsnList, parseCidrListText, ListFormatError } from './lists/network-lists.js';
export { openListFiles, BUNDLED_HOSTING_ASNS, type ListFiles, type ListEvent, type ListSettings } from './lists/list-files.js';
export { FORWARDING_HEADERS, resolveClientAddress, type ClientAddress, type ClientAddressInput, type ForwardingHeader } from './forwarding/client-address.js';
export { trustedCountryHeader } from './forwarding/country-header.js';
export { DATASET_SUBDIVISION_CODES, subdivisionCodesFromData } from './mmdb/subdivision-aliases.js';
export { defaultBundledLocationFiles } from './lookup/bundled-data.js';
export { createGeoService } from './lookup/geo-service.js';
export { GeoDataError, type DatabaseRole, type DatabaseSchema } from './mmdb/mmdb-source.js';
export type { GeoEvent, GeoFileStatus, GeoLookup, GeoOptions, GeoService, GeoStatus, Located } from './lookup/geo-types.js';
export { createOriginResolver, type ConnectionFacts, type ListedFlags, type OriginResolver, type OriginResolverOptions } from './origin-resolver.js';
