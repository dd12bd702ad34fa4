/**
 * Origin: where a request comes from (docs/origin.md). Which address is the client (`forwarding/`),
 * what the databases say about it (`lookup/` over `mmdb/` and `asn/`), which flags the operator's
 * anonymizer lists give it (`lists/`), all on addresses (`address/`); the resolver joins them into the
 * request's `Origin` (src/domain/origin.ts).
 *
 * Outside src/origin/, import from here or from one part's index.ts (a narrower import loads less:
 * `address/` has no dependencies), never from a file inside a part.
 */
export { normalizeIp, parseIp, formatIp, classifyAddress, carriedIpv4, carriedIpv4Offset, carrierKind, CidrSet, CidrListError, parseCidrList, type AddressClass, type ParsedIp, type Ipv6Words } from './address/index.js';
export { FORWARDING_HEADERS, resolveClientAddress, trustedCountryHeader, type ClientAddress, type ClientAddressInput, type ForwardingHeader } from './forwarding/index.js';
export { DATASET_SUBDIVISION_CODES, GeoDataError, subdivisionCodesFromData, type DatabaseRole, type DatabaseSchema } from './mmdb/index.js';
export { createGeoService, defaultBundledLocationFiles, describeGeoStatus, geoReadiness, type GeoEvent, type GeoFileStatus, type GeoLookup, type GeoOptions, type GeoService, type GeoStatus, type Located } from './lookup/index.js';
export { anonymizerHits, BUNDLED_HOSTING_ASNS, EMPTY_TOR_LIST, listedFlags, ListFormatError, NO_LISTS, openListFiles, parseAsnList, parseCidrListText, parseTorExitList, unionFlags, type AnonymizerLists, type FlagHit, type ListEvent, type ListFiles, type ListSettings, type TorExitList } from './lists/index.js';
export { createOriginResolver, type ConnectionFacts, type ListedFlags, type OriginResolver, type OriginResolverOptions } from './origin-resolver.js';
