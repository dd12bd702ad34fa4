/**
 * The policy version hash: SHA-256 (hex) over a canonical JSON encoding of the resolved policy —
 * object keys sorted, no whitespace, `undefined` members left out. Comments, key order and layout of
 * the YAML do not change it; any rule, setting or preset data that can change a decision does.
 */
import { createHash } from 'node:crypto';
import type { ResolvedPolicy } from './resolve.js';

/** Characters of the hash shown to people (`policy 3fa2…`); records keep the full hash. */
export const SHORT_HASH_LENGTH = 16;

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`cannot encode ${value} canonically`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashPolicy(resolved: ResolvedPolicy): string {
  return createHash('sha256').update(canonicalJson({ format: 'cordon.policy/1', policy: resolved })).digest('hex');
}

export function shortHash(hash: string): string {
  return hash.slice(0, SHORT_HASH_LENGTH);
}
