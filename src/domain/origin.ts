/**
 * Where a request comes from: the facts every later stage decides on.
 * Pure data; produced by `origin/`.
 */

/** Anonymizer signals, in the vocabulary of MaxMind's Anonymous-IP database plus Apple-style relays. */
export const ANONYMIZER_FLAGS = ['tor', 'vpn', 'public_proxy', 'residential_proxy', 'hosting', 'relay'] as const;
export type AnonymizerFlag = (typeof ANONYMIZER_FLAGS)[number];

/**
 * Why a location is unknown.
 * - `private`: loopback, RFC 1918, link-local, CGNAT, documentation or other non-public space.
 * - `not_found`: a public address the databases have no answer for.
 * - `geo_unavailable`: the database itself is missing or unreadable.
 * - `hidden`: a trusted proxy forwarded the request but the client's hop in its header is not an
 *   address (`for=unknown`, an obfuscated `for=_hidden`, garbage): someone withheld where it came from.
 */
export const UNKNOWN_REASONS = ['private', 'not_found', 'geo_unavailable', 'hidden'] as const;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

/** What the geo databases say about one address. */
export interface GeoFacts {
  /** ISO 3166-1 alpha-2, upper case; null when unknown. */
  readonly country: string | null;
  /**
   * ISO 3166-2 codes of the subdivisions the address lies in, largest first (e.g. `['UA-43']`).
   * Aliases used by some datasets (`RU-CRI` for `UA-43`) are kept beside the canonical code when
   * the data used them, so rules on either match.
   */
  readonly subdivisions: readonly string[];
  readonly city: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly asn: number | null;
  readonly org: string | null;
  /** Sorted, without duplicates. */
  readonly anonymizer: readonly AnonymizerFlag[];
  /** Set when `country` is null. */
  readonly unknown: UnknownReason | null;
}

/**
 * IPv6 addresses that carry an IPv4 address (docs/origin.md, ADR 0011):
 * - `teredo`: 2001::/32 (RFC 4380), the client's IPv4 address inverted in the last 32 bits;
 * - `6to4`: 2002::/16 (RFC 3056), the IPv4 address in bits 16–47;
 * - `nat64`: 64:ff9b::/96 (RFC 6052) and the local-use 64:ff9b:1::/48 (RFC 8215), read in the /96
 *   layout: the IPv4 address in the last 32 bits;
 * - `ipv4_compatible`: ::a.b.c.d (RFC 4291, deprecated), not `::` or `::1`;
 * - `ipv4_translated`: ::ffff:0:a.b.c.d (RFC 2765 SIIT).
 * IPv4-mapped addresses (::ffff:a.b.c.d) are not among them: they are the IPv4 address itself.
 */
export const CARRIER_KINDS = ['teredo', '6to4', 'nat64', 'ipv4_compatible', 'ipv4_translated'] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

/** How the gateway came to trust the address. */
export type OriginSource = 'socket' | 'forwarded' | 'attested';

/**
 * Where a request comes from. Its `anonymizer` holds the geo data's flags and those of the operator's
 * anonymizer lists (Tor exits, CIDR and ASN lists), sorted, without duplicates: policy sees them all.
 */
export interface Origin extends GeoFacts {
  /** Normalised address: IPv4 dotted quad (IPv4-mapped IPv6 unwrapped) or compressed IPv6. */
  readonly ip: string;
  readonly source: OriginSource;
  /**
   * The geo databases' own flags, a subset of `anonymizer`: enforcement names each flag's source, and
   * a flag both the geo data and a list give is two hits. Absent (origins built from recorded facts or
   * in tests): `anonymizer` is then taken as the geo data's.
   */
  readonly geoAnonymizer?: readonly AnonymizerFlag[];
  /**
   * Set when the client used an IPv6 address that carries an IPv4 address (Teredo, 6to4, NAT64…):
   * `ip` and the facts above are then the carried IPv4 address's, and this is the IPv6 address with
   * its own facts. Policy decides on both when the carrier has a country: the stricter wins
   * (`evaluateForProviders`). Null or absent for every other address.
   */
  readonly carrier?: Carrier | null;
}

/**
 * The IPv6 address a client used when it carries the client's IPv4 address, as an origin of its own
 * (its facts, the anonymizer lists' flags, the same source), and which form it is.
 */
export interface Carrier extends Origin {
  readonly kind: CarrierKind;
}

/**
 * The origin of `ip` with these facts; `anonymizer` is the facts' flags joined with the lists' (the
 * facts' own when the lists add nothing). Built field by field, not by spreading: the request path
 * makes one per request, and a literal of one fixed shape is many times cheaper to make than a spread copy.
 */
export function originOf(
  facts: GeoFacts,
  ip: string,
  source: OriginSource,
  anonymizer: readonly AnonymizerFlag[] = facts.anonymizer,
  carrier: Carrier | null = null,
): Origin {
  return {
    country: facts.country,
    subdivisions: facts.subdivisions,
    city: facts.city,
    latitude: facts.latitude,
    longitude: facts.longitude,
    asn: facts.asn,
    org: facts.org,
    anonymizer,
    unknown: facts.unknown,
    ip,
    source,
    geoAnonymizer: facts.anonymizer,
    carrier,
  };
}

export const UNKNOWN_GEO: GeoFacts = Object.freeze({
  country: null,
  subdivisions: [],
  city: null,
  latitude: null,
  longitude: null,
  asn: null,
  org: null,
  anonymizer: [],
  unknown: 'not_found',
});
