/**
 * The hot path: one address in, `GeoFacts` out, from whatever data is loaded right now.
 *
 * - Private addresses never reach a database: `unknown: 'private'`.
 * - Location: the location databases in configured order; the first with a country answers.
 *   An IPv4-only file is skipped for IPv6 addresses. No usable location database for the address's
 *   family → `'geo_unavailable'`; databases that have no answer → `'not_found'`. While no location
 *   database is loaded, the stand-ins answer instead (stand-in.ts: the bundled data before a download).
 * - ASN/organisation and anonymizer flags are filled whenever their sources answer, also when the
 *   location is unknown (a rule on ASN still has something to match).
 * - An IPv6 address that carries an IPv4 address (Teredo, 6to4, NAT64…: embedded-ipv4.ts) is located
 *   as the IPv4 address it carries; its own facts (the IPv6 databases on the IPv6 address) come beside
 *   them as the carrier's.
 */
import type { AnonymizerFlag, GeoFacts } from '../../domain/origin.js';
import { carriedIpv4, carrierKind, classifyOwnBlock, formatIp, formatIpv4, INVALID_IPV4, parseIp, parseIpv4, type ParsedIp } from '../address/index.js';
import type { DatabaseSlot } from './database-slot.js';
import type { Located } from './geo-types.js';
import type { NetworkFacts } from '../asn/index.js';
import type { LocationFacts } from '../mmdb/index.js';

/** Anything that gives ASN facts for a parsed address (the bundled index or an ASN/ISP file). */
export interface AsnSource {
  lookup(ip: ParsedIp, text: string): NetworkFacts | null;
  /** The data in use now, compared by identity: a different value means the data was reloaded. Absent when it never changes. */
  readonly data?: unknown;
}

/**
 * Addresses whose facts are kept; callers repeat, and a lookup walks several trees. When full the cache
 * starts over: dropping the oldest entry instead (`delete(keys().next().value)`) costs ~12 µs a miss
 * once it is full, as a Map's iterator walks past every deleted slot left at its front.
 */
const CACHE_SIZE = 20_000;

const NO_FLAGS: readonly AnonymizerFlag[] = Object.freeze([]);
const NO_SUBDIVISIONS: readonly string[] = Object.freeze([]);

function unknownFacts(reason: GeoFacts['unknown']): GeoFacts {
  return Object.freeze({
    country: null,
    subdivisions: NO_SUBDIVISIONS,
    city: null,
    latitude: null,
    longitude: null,
    asn: null,
    org: null,
    anonymizer: NO_FLAGS,
    unknown: reason,
  });
}

const PRIVATE_FACTS = unknownFacts('private');
/** Text that is not an address: the caller should have normalised it; nothing can be found. */
const NOT_AN_ADDRESS = unknownFacts('not_found');

export class CompositeGeoLookup {
  /** Located addresses by address text, for the data in `#cachedFor`; emptied when any source is reloaded. */
  readonly #cache = new Map<string, Located>();
  #cachedFor: unknown[] = [];

  constructor(
    private readonly locations: ReadonlyArray<DatabaseSlot<'location'>>,
    private readonly asn: AsnSource | null,
    private readonly anonymousIp: DatabaseSlot<'anonymous_ip'> | null,
    private readonly standIns: ReadonlyArray<DatabaseSlot<'location'>> = [],
  ) {}

  /** The configured location databases, or the stand-ins while none of them is loaded. */
  #locationSlots(): ReadonlyArray<DatabaseSlot<'location'>> {
    return this.standIns.length === 0 || this.locations.some((s) => s.current !== null) ? this.locations : this.standIns;
  }

  /** What the databases say about this very address (an address that carries another is looked up as itself). */
  lookup(ip: string): GeoFacts {
    const located = this.locate(ip);
    return located.carrier === null ? located.facts : located.carrier.facts;
  }

  /** The facts policy decides on for a client address, and a carrier's own (see `Located`). Cached per address. */
  locate(ip: string): Located {
    this.#checkData();
    return this.#cached(ip);
  }

  #cached(ip: string): Located {
    const cached = this.#cache.get(ip);
    if (cached !== undefined) return cached;
    const located = this.#locate(ip);
    if (this.#cache.size >= CACHE_SIZE) this.#cache.clear();
    this.#cache.set(ip, located);
    return located;
  }

  /** Empties the cache when a file was reloaded (a slot's data is replaced in one assignment). */
  #checkData(): void {
    const slots = this.#locationSlots();
    const was = this.#cachedFor;
    let same = was.length === slots.length + 2;
    for (let i = 0; same && i < slots.length; i++) same = was[i] === slots[i]?.current;
    if (same && was[slots.length] === this.anonymousIp?.current && was[slots.length + 1] === this.asn?.data) return;
    this.#cache.clear();
    this.#cachedFor = [...slots.map((s) => s.current), this.anonymousIp?.current, this.asn?.data];
  }

  #locate(ip: string): Located {
    let parsed: ParsedIp;
    let text = ip;
    const v4 = parseIpv4(ip);
    if (v4 !== INVALID_IPV4) {
      parsed = { family: 4, v4 };
    } else {
      const p = parseIp(ip.trim());
      if (p === null) return { ip, facts: NOT_AN_ADDRESS, carrier: null };
      parsed = p;
      text = formatIp(p);
    }
    const own = classifyOwnBlock(parsed) === 'private' ? PRIVATE_FACTS : this.facts(parsed, text);
    const kind = parsed.family === 6 ? carrierKind(parsed.words) : null;
    if (kind === null || parsed.family !== 6) return { ip: text, facts: own, carrier: null };
    const carried = this.#cached(formatIpv4(carriedIpv4(parsed.words, kind)));
    return { ip: carried.ip, facts: carried.facts, carrier: { kind, ip: text, facts: own } };
  }

  private facts(parsed: ParsedIp, text: string): GeoFacts {
    const family = parsed.family;
    let location: LocationFacts | null = null;
    let available = false;
    for (const slot of this.#locationSlots()) {
      const source = slot.current;
      if (source === null || (family === 6 && source.info.ipVersion === 4)) continue;
      available = true;
      location = source.lookup(text, family);
      if (location !== null) break;
    }
    const network = this.asn?.lookup(parsed, text) ?? null;
    const anonymizer = this.anonymousIp?.current?.lookup(text, family) ?? NO_FLAGS;
    return {
      country: location?.country ?? null,
      subdivisions: location?.subdivisions ?? NO_SUBDIVISIONS,
      city: location?.city ?? null,
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
      asn: network?.asn ?? null,
      org: network?.org ?? null,
      anonymizer,
      unknown: location !== null ? null : available ? 'not_found' : 'geo_unavailable',
    };
  }
}

/** An ASN/ISP MMDB file as an `AsnSource`. */
export function mmdbAsnSource(slot: DatabaseSlot<'asn'>): AsnSource {
  return {
    lookup: (ip, text) => slot.current?.lookup(text, ip.family) ?? null,
    get data() {
      return slot.current;
    },
  };
}
