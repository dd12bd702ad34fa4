/**
 * Attested end-user origin (docs/attestation.md): a tenant that serves its own end users sends each
 * end user's address in `x-cordon-end-user`, signed with the tenant's attestation secret:
 *
 *   x-cordon-end-user: v=1; ip=203.0.113.7; ts=1767225600; nonce=3q2-7wAAAAAAAAAAb; sig=<base64url>
 *   sig = base64url(HMAC-SHA256(secret, "cordon-attest-v1\n" + ip + "\n" + ts + "\n" + nonce))
 *
 * `ts` is Unix seconds; `nonce` 16–128 characters of [A-Za-z0-9_-], never reused. The ip is signed as
 * written and normalised only after. Pure (node:crypto only); the nonce store is the caller's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeIp } from '../origin/address/index.js';

export interface AttestationClaim {
  /** The address as written in the header (what was signed). */
  readonly ip: string;
  /** Normalised address. */
  readonly normalizedIp: string;
  /** Unix seconds. */
  readonly ts: number;
  readonly nonce: string;
  readonly sig: string;
}

export type SignatureCheck = 'ok' | 'bad_signature' | 'stale';

const NONCE = /^[A-Za-z0-9_-]{16,128}$/;
const SIG = /^[A-Za-z0-9_-]{43}$/;
const TS = /^\d{1,12}$/;
const PREFIX = 'cordon-attest-v1';

/** The claim, or null when the header is not a well-formed version-1 attestation. */
export function parseAttestation(header: string): AttestationClaim | null {
  if (header.length > 512) return null;
  const fields = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) return null;
    const name = part.slice(0, eq).trim();
    if (fields.has(name)) return null;
    fields.set(name, part.slice(eq + 1).trim());
  }
  const [v, ip, ts, nonce, sig] = ['v', 'ip', 'ts', 'nonce', 'sig'].map((k) => fields.get(k));
  if (fields.size !== 5 || v !== '1' || ip === undefined || ts === undefined || nonce === undefined || sig === undefined) return null;
  if (!TS.test(ts) || !NONCE.test(nonce) || !SIG.test(sig)) return null;
  const normalizedIp = normalizeIp(ip);
  if (normalizedIp === null) return null;
  return { ip, normalizedIp, ts: Number(ts), nonce, sig };
}

export function attestationMessage(ip: string, ts: number, nonce: string): string {
  return `${PREFIX}\n${ip}\n${ts}\n${nonce}`;
}

function mac(secret: string, message: string): Buffer {
  return createHmac('sha256', secret).update(message).digest();
}

/** The header value a client sends (used by tests and the docs' snippets). */
export function signAttestation(secret: string, claim: { readonly ip: string; readonly ts: number; readonly nonce: string }): string {
  const sig = mac(secret, attestationMessage(claim.ip, claim.ts, claim.nonce)).toString('base64url');
  return `v=1; ip=${claim.ip}; ts=${claim.ts}; nonce=${claim.nonce}; sig=${sig}`;
}

/** Signature first (so an unsigned header learns nothing about the clock), then freshness. */
export function checkAttestation(claim: AttestationClaim, secret: string, nowMs: number, maxSkewMs: number): SignatureCheck {
  const expected = mac(secret, attestationMessage(claim.ip, claim.ts, claim.nonce));
  const given = Buffer.from(claim.sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  return Math.abs(nowMs - claim.ts * 1000) > maxSkewMs ? 'stale' : 'ok';
}
