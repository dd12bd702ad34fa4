/**
 * Which address is the client: the socket peer, unless the peer is a trusted proxy, in which case
 * the proxies' forwarding headers are walked from the right (the hop nearest to us) past every
 * trusted proxy. The left-most value is never taken blindly: anyone can write it.
 *
 * Rules, in order:
 * 1. An untrusted peer is the client; its forwarding headers are ignored (they may be spoofed).
 * 2. With a trusted peer, one header is read: `Forwarded` (RFC 7239) when present, else
 *    `X-Forwarded-For`, unless `prefer` says otherwise. Only configure a proxy as trusted if it
 *    overwrites or appends to the header read here: a header it passes through untouched is the
 *    client's own text. (Reading one header, never a mix, keeps the hop count honest.)
 * 3. From the right: a hop that is a trusted proxy is skipped; the first untrusted hop is the client.
 * 4. A hop that is not an address (garbage, `unknown`, an obfuscated name) stops the walk: the
 *    client is the last good hop, i.e. the nearest trusted proxy that reported it. We never jump over
 *    an entry we cannot read to something further left that we cannot vouch for.
 * 5. If every hop is a trusted proxy, the left-most one is the client.
 */
import type { CidrSet } from './cidr.js';
import { forwardedForHops, xForwardedForHops } from './forwarded-headers.js';
import { normalizeIp } from './ip.js';

export interface ClientAddressInput {
  /** The TCP peer (`socket.remoteAddress`), possibly IPv4-mapped. */
  readonly socketIp: string;
  readonly forwardedFor?: string | readonly string[];
  readonly forwarded?: string | readonly string[];
  readonly trusted: CidrSet;
  /** Which header wins when both are present; default `'forwarded'`. */
  readonly prefer?: 'forwarded' | 'x-forwarded-for';
}

export interface ClientAddress {
  /** Canonical text (see `normalizeIp`). */
  readonly ip: string;
  readonly source: 'socket' | 'forwarded';
}

function chooseHops(input: ClientAddressInput): Array<string | null> {
  const forwarded = forwardedForHops(input.forwarded);
  const xff = xForwardedForHops(input.forwardedFor);
  if (forwarded.length === 0) return xff;
  if (xff.length === 0) return forwarded;
  return input.prefer === 'x-forwarded-for' ? xff : forwarded;
}

export function resolveClientAddress(input: ClientAddressInput): ClientAddress {
  // A socket always has a peer address; the fallback keeps a malformed one visible, not hidden.
  const peer = normalizeIp(input.socketIp) ?? input.socketIp.trim();
  if (!input.trusted.has(peer)) return { ip: peer, source: 'socket' };

  let client: ClientAddress = { ip: peer, source: 'socket' };
  const hops = chooseHops(input);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop === null || hop === undefined) return client; // rule 4
    client = { ip: hop, source: 'forwarded' };
    if (!input.trusted.has(hop)) return client; // rule 3
  }
  return client; // rule 5 (or no hops at all: the trusted peer itself)
}

/** Country codes CDNs send for "unknown" (`XX`) and "Tor" (`T1`, Cloudflare): not a country. */
const NOT_A_COUNTRY = new Set(['XX', 'T1']);

/**
 * A CDN country header (`CF-IPCountry` style) as an upper-case ISO 3166-1 alpha-2 code, counted only
 * when the peer that sent it is trusted. Null otherwise, for anything that is not two letters, and
 * for `XX`/`T1`.
 */
export function trustedCountryHeader(peerTrusted: boolean, value: string | undefined): string | null {
  if (!peerTrusted || value === undefined) return null;
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || NOT_A_COUNTRY.has(code)) return null;
  return code;
}
