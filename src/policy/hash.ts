/**
 * The policy version hash: SHA-256 (hex) over the canonical JSON encoding of the resolved policy (the
 * audit log's encoder, src/audit/canonical.ts: object keys sorted, no whitespace), `undefined` members left out. Comments, key order and layout of
 * the YAML do not change it; any rule, setting or preset data that can change a decision does.
 */
import { createHash } from 'node:crypto';
import { canonicalizeOmittingUndefined } from '../audit/canonical.js';
import type { ResolvedPolicy } from './resolve.js';

/** Characters of the hash shown to people (`policy 3fa2…`); records keep the full hash. */
export const SHORT_HASH_LENGTH = 16;

/** The audit log's canonical JSON (RFC 8785 for plain data), with undefined members left out. */
export const canonicalJson = canonicalizeOmittingUndefined;

export function hashPolicy(resolved: ResolvedPolicy): string {
  return createHash('sha256').update(canonicalJson({ format: 'cordon.policy/1', policy: resolved })).digest('hex');
}

export function shortHash(hash: string): string {
  return hash.slice(0, SHORT_HASH_LENGTH);
}
