/**
 * The hot path: one address in, `GeoFacts` out, from whatever data is loaded right now.
 *
 * - Private addresses never reach a database: `unknown: 'private'`.
 * - Location: the location databases in configured order; the first with a country answers.
 *   An IPv4-only file is skipped for IPv6 addresses. No usable location database for the address's
 *   family → `'geo_unavailable'`; databases that have no answer → `'not_found'`.
 * - ASN/organisation and anonymizer flags are filled whenever their sources answer, also when the
 *   location is unknown (a rule on ASN still has something to match).
 * - A NAT64 address (64:ff9b::a.b.c.d) is looked up as the IPv4 host it stands for.
 */
import type { AnonymizerFlag, GeoFacts } from '../domain/origin.js';
import { classifyParsed, nat64Ipv4 } from './address-class.js';
import type { DatabaseSlot } from './database-slot.js';
import { formatIp, formatIpv4, INVALID_IPV4, parseIp, parseIpv4, type ParsedIp } from './ip.js';
import type { LocationFacts, NetworkFacts } from './record-mapping.js';

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
  /** Facts by address text, for the data in `#cachedFor`; emptied when any source is reloaded. */
  readonly #cache = new Map<string, GeoFacts>();
  #cachedFor: unknown[] = [];

  constructor(
    private readonly locations: ReadonlyArray<DatabaseSlot<'location'>>,
    private readonly asn: AsnSource | null,
    private readonly anonymousIp: DatabaseSlot<'anonymous_ip'> | null,
  ) {}

  lookup(ip: string): GeoFacts {
    this.#checkData();
    const cached = this.#cache.get(ip);
    if (cached !== undefined) return cached;
    const facts = this.#lookup(ip);
    if (this.#cache.size >= CACHE_SIZE) this.#cache.clear();
    this.#cache.set(ip, facts);
    return facts;
  }

  /** Empties the cache when a file was reloaded (a slot's data is replaced in one assignment). */
  #checkData(): void {
    const slots = this.locations;
    const was = this.#cachedFor;
    let same = was.length === slots.length + 2;
    for (let i = 0; same && i < slots.length; i++) same = was[i] === slots[i]?.current;
    if (same && was[slots.length] === this.anonymousIp?.current && was[slots.length + 1] === this.asn?.data) return;
    this.#cache.clear();
    this.#cachedFor = [...slots.map((s) => s.current), this.anonymousIp?.current, this.asn?.data];
  }

  #lookup(ip: string): GeoFacts {
    let parsed: ParsedIp;
    let text = ip;
    const v4 = parseIpv4(ip);
    if (v4 !== INVALID_IPV4) {
      parsed = { family: 4, v4 };
    } else {
      const p = parseIp(ip.trim());
      if (p === null) return NOT_AN_ADDRESS;
      parsed = p;
      text = formatIp(p);
    }
    if (classifyParsed(parsed) === 'private') return PRIVATE_FACTS;
    if (parsed.family === 6) {
      const host = nat64Ipv4(parsed.words);
      if (host !== null) {
        parsed = { family: 4, v4: host };
        text = formatIpv4(host);
      }
    }
    return this.facts(parsed, text);
  }

  private facts(parsed: ParsedIp, text: string): GeoFacts {
    const family = parsed.family;
    let location: LocationFacts | null = null;
    let available = false;
    for (const slot of this.locations) {
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
