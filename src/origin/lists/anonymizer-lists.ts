/**
 * The anonymizer flags of one address from every source: the geo facts (MaxMind Anonymous-IP), the
 * Tor exit list and the operator's CIDR and ASN lists. `relay` (a location-preserving relay such as
 * iCloud Private Relay) is dropped: it keeps the user's region, so it is not a bypass. The lists'
 * flags alone (`listedFlags`) also go into the request's origin, for policy. Pure.
 */
import { BYPASS_FLAGS, type BypassFlag } from '../../domain/enforcement.js';
import type { Origin } from '../../domain/origin.js';
import type { CidrSet } from '../address/index.js';
import { EMPTY_TOR_LIST, type TorExitList } from './tor-exit-list.js';

/** One flag and where it came from: `geo`, `tor_list`, or the list file. */
export interface FlagHit {
  readonly flag: BypassFlag;
  readonly source: string;
  /** Tor exit list only: when the exit was last seen (ISO 8601), if the list says. */
  readonly lastSeen?: string;
}

/** The lists as loaded now; swapped as a whole when a file changes. */
export interface AnonymizerLists {
  readonly tor: TorExitList;
  readonly cidr: readonly { readonly set: CidrSet; readonly flag: BypassFlag; readonly source: string }[];
  readonly asn: readonly { readonly asns: ReadonlySet<number>; readonly flag: BypassFlag; readonly source: string }[];
}

export const NO_LISTS: AnonymizerLists = { tor: EMPTY_TOR_LIST, cidr: [], asn: [] };

const BYPASS = new Set<string>(BYPASS_FLAGS);

/**
 * Hits with their sources. Only the geo data's flags are reported as `geo`: an origin's `anonymizer`
 * also holds the lists' flags, which are reported here with their list instead.
 */
export function anonymizerHits(ip: string, facts: Pick<Origin, 'asn' | 'anonymizer' | 'geoAnonymizer'>, lists: AnonymizerLists): FlagHit[] {
  const hits: FlagHit[] = [];
  for (const flag of facts.geoAnonymizer ?? facts.anonymizer) if (BYPASS.has(flag)) hits.push({ flag: flag as BypassFlag, source: 'geo' });
  const torSeen = lists.tor.lastSeen(ip);
  if (torSeen !== undefined) hits.push(torSeen === null ? { flag: 'tor', source: 'tor_list' } : { flag: 'tor', source: 'tor_list', lastSeen: new Date(torSeen).toISOString() });
  for (const list of lists.cidr) if (list.set.has(ip)) hits.push({ flag: list.flag, source: list.source });
  if (facts.asn !== null) for (const list of lists.asn) if (list.asns.has(facts.asn)) hits.push({ flag: list.flag, source: list.source });
  return hits;
}

const NO_FLAGS: readonly BypassFlag[] = Object.freeze([]);

/**
 * The flags the lists give `ip` (Tor, CIDR lists) or its network `asn` (ASN lists), in list order,
 * possibly repeated. On the request path (the origin of every request): lookups only, and the one
 * empty array when no list names the address.
 */
export function listedFlags(lists: AnonymizerLists, ip: string, asn: number | null): readonly BypassFlag[] {
  let flags: BypassFlag[] | null = null;
  if (lists.tor.size > 0 && lists.tor.lastSeen(ip) !== undefined) flags = ['tor'];
  for (const list of lists.cidr) if (list.set.has(ip)) (flags ??= []).push(list.flag);
  if (asn !== null) for (const list of lists.asn) if (list.asns.has(asn)) (flags ??= []).push(list.flag);
  return flags ?? NO_FLAGS;
}
