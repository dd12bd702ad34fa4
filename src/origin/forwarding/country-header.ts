/**
 * The client's country as a trusted edge (a CDN) reports it in a header, `server.country_header`
 * (`CF-IPCountry` style). Like the forwarding header, it counts only from a trusted peer.
 */

/** Country codes CDNs send for "unknown" (`XX`) and "Tor" (`T1`, Cloudflare): not a country. */
const NOT_A_COUNTRY = new Set(['XX', 'T1']);

/**
 * A CDN country header (`CF-IPCountry` style) as an upper-case ISO 3166-1 alpha-2 code, counted only
 * when the peer that sent it is trusted (like the forwarding header, it must be one the trusted edge
 * writes, not one it passes through). Null otherwise, for anything that is not two letters, and for
 * `XX`/`T1`.
 */
export function trustedCountryHeader(peerTrusted: boolean, value: string | undefined): string | null {
  if (!peerTrusted || value === undefined) return null;
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || NOT_A_COUNTRY.has(code)) return null;
  return code;
}
