/**
 * The operator's anonymizer lists (docs/origin.md, "Anonymizer lists"; ADR 0012): the Tor exit list, CIDR
 * and ASN lists, their files kept current, and the flags they give an address — joined to the
 * databases' in the origin (policy), and reported with their sources to enforcement.
 */
export { unionFlags } from './anonymizer-flags.js';
export { anonymizerHits, listedFlags, NO_LISTS, type AnonymizerLists, type FlagHit } from './anonymizer-lists.js';
export { BUNDLED_HOSTING_ASNS, openListFiles, type ListEvent, type ListFileOptions, type ListFiles, type ListSettings } from './list-files.js';
export { ListFormatError, parseAsnList, parseCidrListText, type AsnList } from './network-lists.js';
export { EMPTY_TOR_LIST, parseTorExitList, type ParsedTorList, type TorExitList } from './tor-exit-list.js';
