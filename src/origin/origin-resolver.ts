/**
 * Origin: which address is the client (socket, or the configured forwarding header from trusted
 * proxies only), what the geo data says about it, and which anonymizer flags the operator's lists give
 * it (joined with the geo data's, so policy rules on `anonymizer` see both). A country header from a
 * trusted edge (CF-IPCountry style), when configured, overrides the database's country: the edge saw
 * the client, we only see the edge.
 *
 * An IPv6 address that carries an IPv4 address (Teredo, 6to4, NAT64…) becomes an origin at the IPv4
 * address it carries, with the IPv6 address as its `carrier` (own facts and list flags); a client
 * whose hop a trusted proxy forwarded unreadable is a hidden origin (`unknown: 'hidden'`).
 */
import { originOf, type AnonymizerFlag, type Carrier, type GeoFacts, type Origin, type OriginSource } from '../domain/origin.js';
import type { IncomingHttpHeaders } from 'node:http';
import { classifyAddress, type CidrSet } from './address/index.js';
import { resolveClientAddress, trustedCountryHeader, type ForwardingHeader } from './forwarding/index.js';
import { unionFlags } from './lists/index.js';
import type { GeoLookup } from './lookup/index.js';

/** What the HTTP edge knows about the connection. */
export interface ConnectionFacts {
  readonly socketIp: string;
  readonly headers: IncomingHttpHeaders;
}

/** The origin of a request (the gateway's port; built by `createOriginResolver`). */
export interface OriginResolver {
  resolve(conn: ConnectionFacts): Origin;
  /** The origin of an address a tenant attested for its end user (source `attested`). */
  attested(ip: string): Origin;
}

/**
 * The flags the operator's anonymizer lists give an address (Tor exits, CIDR lists) or its network
 * (ASN lists), read from the lists in use at the call. Called once per request (twice for a carrier):
 * lookups only, and an empty array (not a new one) when no list names it.
 */
export type ListedFlags = (ip: string, asn: number | null) => readonly AnonymizerFlag[];

export interface OriginResolverOptions {
  readonly geo: Pick<GeoLookup, 'locate'>;
  readonly trustedProxies: CidrSet;
  /** The one forwarding header the trusted proxies write (`server.forwarded_header`). */
  readonly forwardedHeader: ForwardingHeader;
  /** Lower-case header name, or null when no edge country header is trusted. */
  readonly countryHeader: string | null;
  /**
   * Called when a peer that is not a trusted proxy sends forwarding headers from a private address:
   * the sign of a load balancer missing from `trusted_proxies` (every caller then looks internal).
   */
  readonly onIgnoredForwarding?: (peer: string) => void;
  /**
   * Called when a trusted proxy's request carries the forwarding header that is not configured: it was
   * ignored (written by the client, or the proxy writes another header than configured).
   */
  readonly onOtherHeader?: (header: ForwardingHeader, peer: string) => void;
  /** The anonymizer lists' flags; none when absent. */
  readonly listedFlags?: ListedFlags;
}

/** A client a trusted proxy forwarded without a readable address. */
const HIDDEN_FACTS: GeoFacts = Object.freeze({
  country: null,
  subdivisions: Object.freeze([]),
  city: null,
  latitude: null,
  longitude: null,
  asn: null,
  org: null,
  anonymizer: Object.freeze([]),
  unknown: 'hidden',
});

export function createOriginResolver(options: OriginResolverOptions): OriginResolver {
  const { geo, trustedProxies, countryHeader, forwardedHeader } = options;
  const otherHeader: ForwardingHeader = forwardedHeader === 'forwarded' ? 'x-forwarded-for' : 'forwarded';
  const listed = options.listedFlags;
  const flags = (facts: GeoFacts, ip: string): readonly AnonymizerFlag[] => (listed === undefined ? facts.anonymizer : unionFlags(facts.anonymizer, listed(ip, facts.asn)));

  /** The origin of a client at `ip`; `country` is a trusted edge's, or null. */
  function originAt(ip: string, source: OriginSource, country: string | null): Origin {
    const located = geo.locate(ip);
    const facts = country !== null && country !== located.facts.country ? withCountry(located.facts, country) : located.facts;
    const found = located.carrier;
    if (found === null) return originOf(facts, located.ip, source, flags(facts, located.ip));
    const carrier: Carrier = { ...originOf(found.facts, found.ip, source, flags(found.facts, found.ip)), kind: found.kind };
    return originOf(facts, located.ip, source, flags(facts, located.ip), carrier);
  }

  return {
    resolve(conn: ConnectionFacts): Origin {
      const headers = conn.headers;
      const otherPresent = headers[otherHeader] !== undefined;
      const client = resolveClientAddress({ socketIp: conn.socketIp, header: forwardedHeader, value: headers[forwardedHeader], otherPresent, trusted: trustedProxies });
      if (client.peerTrusted) {
        if (options.onOtherHeader && otherPresent) options.onOtherHeader(otherHeader, conn.socketIp);
      } else if (options.onIgnoredForwarding && (headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined) && classifyAddress(client.ip) === 'private') {
        options.onIgnoredForwarding(client.ip);
      }
      let country: string | null = null;
      if (countryHeader !== null && client.peerTrusted) {
        const header = headers[countryHeader];
        country = trustedCountryHeader(true, Array.isArray(header) ? header[0] : header);
      }
      if (client.hidden) {
        const facts = country === null ? HIDDEN_FACTS : withCountry(HIDDEN_FACTS, country);
        return originOf(facts, client.ip, client.source);
      }
      return originAt(client.ip, client.source, country);
    },
    attested(ip: string): Origin {
      return originAt(ip, 'attested', null);
    },
  };
}

/** The edge's country replaces the database's; finer facts about another country no longer apply. */
function withCountry(facts: GeoFacts, country: string): GeoFacts {
  return { ...facts, country, subdivisions: [], city: null, latitude: null, longitude: null, unknown: null };
}
