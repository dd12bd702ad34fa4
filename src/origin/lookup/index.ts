/**
 * The geo lookup (docs/origin.md, "Loading, verification and reload"): the configured databases and the
 * bundled ASN index opened, watched and composed into one `GeoLookup` — what the databases say about an
 * address, and where an address that carries another is located.
 */
export { defaultBundledLocationFiles } from './bundled-data.js';
export { createGeoService } from './geo-service.js';
export { describeGeoStatus, geoReadiness } from './geo-status.js';
export type { GeoEvent, GeoFileStatus, GeoLookup, GeoOptions, GeoService, GeoStatus, Located } from './geo-types.js';
