/**
 * How an origin is kept in evidence and counted for fan-out: the address truncated to its network
 * (/24 for IPv4, /48 for IPv6), as the audit log keeps it. Pure.
 */
import type { OriginEvidence } from '../domain/enforcement.js';
import type { Origin } from '../domain/origin.js';
import { formatIp, parseIp } from '../origin/address/index.js';

/** `203.0.113.0/24`, `2001:db8:1::/48`; the text itself for something that is not an address. */
export function networkOf(ip: string): string {
  const parsed = parseIp(ip);
  if (parsed === null) return ip;
  if (parsed.family === 4) return `${formatIp({ family: 4, v4: (parsed.v4 & 0xffffff00) >>> 0 })}/24`;
  const [w0, w1] = parsed.words;
  return `${formatIp({ family: 6, words: [w0, (w1 & 0xffff0000) >>> 0, 0, 0] })}/48`;
}

/** The anonymizer flags are the geo data's, as before the lists fed the origin; list hits are in the finding's `hits`. */
export function originEvidence(origin: Origin): OriginEvidence {
  return {
    network: networkOf(origin.ip),
    source: origin.source,
    country: origin.country,
    subdivisions: origin.subdivisions,
    city: origin.city,
    asn: origin.asn,
    org: origin.org,
    anonymizer: origin.geoAnonymizer ?? origin.anonymizer,
  };
}
