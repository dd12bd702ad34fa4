/**
 * MMDB files (docs/origin.md, "Databases"): opening and verifying a file in full (once per file
 * identity, stamped), detecting its role and schema, and mapping its records to facts, with the
 * subdivision names and dataset codes of the flat schema.
 */
export { GeoDataError, openMmdbSource, type DatabaseRole, type DatabaseSchema, type MmdbSource } from './mmdb-source.js';
export type { LocationFacts } from './record-mapping.js';
export { loadSubdivisionNames, type SubdivisionNames } from './subdivision-names.js';
export { DATASET_SUBDIVISION_CODES, subdivisionCodesFromData } from './subdivision-aliases.js';
export { VerifiedFiles } from './verified-files.js';
