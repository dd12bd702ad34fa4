/**
 * Which address is the client: the socket peer, unless the peer is a trusted proxy, in which case
 * the configured forwarding header is walked from the right (the hop nearest to us) past every
 * trusted proxy. The left-most value is never taken blindly: anyone can write it.
 *
 * Rules, in order:
 * 1. An untrusted peer is the client; its forwarding headers are ignored (they may be spoofed).
 * 2. With a trusted peer, exactly one header is read: the configured one (`server.forwarded_header`,
 *    `X-Forwarded-For` by default, or RFC 7239 `Forwarded`). The other is never read, whatever it
 *    says: a proxy appends to one header and passes the other through, so the other is the client's
 *    own text. (Reading one header, never a mix, also keeps the hop count honest.) A trusted peer's
 *    request that lacks the configured header but carries the other is **hidden** (rule 4): the proxy
 *    writes the other header (a misconfiguration that would otherwise make every client the proxy,
 *    i.e. internal traffic) or none at all, and either way where the client is, is not known.
 * 3. From the right: a hop that is a trusted proxy is skipped; the first untrusted hop is the client.
 * 4. A hop that is not an address (garbage, `unknown`, an obfuscated `_hidden`, an empty element)
 *    reached by the walk makes the client **hidden**: its address was withheld, and it is an unknown
 *    origin (`unknown: 'hidden'`) — never the proxy that reported it (internal traffic to the default
 *    policy) and never something further left that we cannot vouch for.
 * 5. If every hop is a trusted proxy, the left-most one is the client.
 */
import { normalizeIp, type CidrSet } from '../address/index.js';
import { forwardedForHops, xForwardedForHops } from './forwarded-headers.js';

/** The forwarding headers Cordon can read, by their lower-case names. */
export const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded'] as const;
export type ForwardingHeader = (typeof FORWARDING_HEADERS)[number];

export interface ClientAddressInput {
  /** The TCP peer (`socket.remoteAddress`), possibly IPv4-mapped. */
  readonly socketIp: string;
  /** Which header the trusted proxies write. */
  readonly header: ForwardingHeader;
  /** That header's value (several lines are one list); the other header is not given. */
  readonly value: string | readonly string[] | undefined;
  /** Whether the request also carries the other forwarding header (rule 2). */
  readonly otherPresent?: boolean;
  readonly trusted: CidrSet;
}

export interface ClientAddress {
  /**
   * Canonical text (see `normalizeIp`). For a hidden client, the trusted proxy that forwarded the
   * unreadable hop: who reported it, not where it is.
   */
  readonly ip: string;
  readonly source: 'socket' | 'forwarded';
  /** Rule 4: a trusted proxy forwarded a hop that is not an address. */
  readonly hidden: boolean;
  /** Whether the socket peer is a trusted proxy (its headers count). */
  readonly peerTrusted: boolean;
}

export function resolveClientAddress(input: ClientAddressInput): ClientAddress {
  // A socket always has a peer address; the fallback keeps a malformed one visible, not hidden.
  const peer = normalizeIp(input.socketIp) ?? input.socketIp.trim();
  if (!input.trusted.has(peer)) return { ip: peer, source: 'socket', hidden: false, peerTrusted: false };

  let last = peer;
  let source: ClientAddress['source'] = 'socket';
  const hops = input.header === 'forwarded' ? forwardedForHops(input.value) : xForwardedForHops(input.value);
  if (hops.length === 0 && input.otherPresent === true) return { ip: peer, source, hidden: true, peerTrusted: true }; // rule 2
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop === null || hop === undefined) return { ip: last, source, hidden: true, peerTrusted: true }; // rule 4
    last = hop;
    source = 'forwarded';
    if (!input.trusted.has(hop)) break; // rule 3
  }
  return { ip: last, source, hidden: false, peerTrusted: true }; // rule 3, or 5, or no hops: the trusted peer itself
}
