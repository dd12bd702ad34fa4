/**
 * Origin: which address is the client (socket, or forwarding headers from trusted proxies only), what
 * the geo data says about it, and which anonymizer flags the operator's lists give it (joined with the
 * geo data's, so policy rules on `anonymizer` see both). A country header from a trusted edge
 * (CF-IPCountry style), when configured, overrides the database's country: the edge saw the client,
 * we only see the edge.
 */
import { originOf, type AnonymizerFlag, type GeoFacts, type Origin, type OriginSource } from '../domain/origin.js';
import { classifyAddress, normalizeIp, resolveClientAddress, trustedCountryHeader, unionFlags, type CidrSet, type GeoLookup } from '../geo/index.js';
import type { ConnectionFacts, OriginResolver } from './ports.js';

/**
 * The flags the operator's anonymizer lists give an address (Tor exits, CIDR lists) or its network
 * (ASN lists), read from the lists in use at the call. Called once per request: lookups only, and an
 * empty array (not a new one) when no list names it.
 */
export type ListedFlags = (ip: string, asn: number | null) => readonly AnonymizerFlag[];

export interface OriginResolverOptions {
  readonly geo: GeoLookup;
  readonly trustedProxies: CidrSet;
  /** Lower-case header name, or null when no edge country header is trusted. */
  readonly countryHeader: string | null;
  /**
   * Called when a peer that is not a trusted proxy sends forwarding headers from a private address:
   * the sign of a load balancer missing from `trusted_proxies` (every caller then looks internal).
   */
  readonly onIgnoredForwarding?: (peer: string) => void;
  /** The anonymizer lists' flags; none when absent. */
  readonly listedFlags?: ListedFlags;
}

export function createOriginResolver(options: OriginResolverOptions): OriginResolver {
  const { geo, trustedProxies, countryHeader } = options;
  const listed = options.listedFlags;
  const origin = (facts: GeoFacts, ip: string, source: OriginSource): Origin =>
    listed === undefined ? originOf(facts, ip, source) : originOf(facts, ip, source, unionFlags(facts.anonymizer, listed(ip, facts.asn)));
  return {
    resolve(conn: ConnectionFacts): Origin {
      const client = resolveClientAddress({
        socketIp: conn.socketIp,
        forwardedFor: conn.headers['x-forwarded-for'],
        forwarded: conn.headers.forwarded,
        trusted: trustedProxies,
      });
      if (client.source === 'socket' && options.onIgnoredForwarding && (conn.headers['x-forwarded-for'] !== undefined || conn.headers.forwarded !== undefined) && classifyAddress(client.ip) === 'private') {
        options.onIgnoredForwarding(client.ip);
      }
      const facts = geo.lookup(client.ip);
      if (countryHeader !== null) {
        const header = conn.headers[countryHeader];
        const peer = normalizeIp(conn.socketIp);
        const country = trustedCountryHeader(peer !== null && trustedProxies.has(peer), Array.isArray(header) ? header[0] : header);
        if (country !== null && country !== facts.country) {
          return origin(withCountry(facts, country), client.ip, client.source);
        }
      }
      return origin(facts, client.ip, client.source);
    },
    attested(ip: string): Origin {
      return origin(geo.lookup(ip), ip, 'attested');
    },
  };
}

/** The edge's country replaces the database's; finer facts about another country no longer apply. */
function withCountry(facts: GeoFacts, country: string): GeoFacts {
  return { ...facts, country, subdivisions: [], city: null, latitude: null, longitude: null, unknown: null };
}
