/**
 * The bundled ASN data (docs/origin.md, "The bundled ASN index and its cache"): the `@ip-location-db/asn`
 * CSV compiled once into a binary index, cached by what it was built from.
 */
export { AsnIndex, type NetworkFacts } from './asn-index.js';
export { loadBundledAsnIndex, type AsnIndexLoad, type BundledAsnFiles } from './asn-index-cache.js';
