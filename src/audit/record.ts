/**
 * Audit records: what the hash-chained log holds. An entry is what a writer appends (kind, time, what
 * it is about, data); the log seals it with its sequence number and the hash that links it to the
 * record before (chain.ts). The `AuditLog` port is all a writer needs.
 */
import type { JsonObject } from './canonical.js';

/**
 * - `decision`: what policy and enforcement decided for one request (allowed and refused alike);
 * - `usage`: the tokens and cost of one routed request, once its answer ended (ref: the request id);
 * - `action`: an enforcement action (warn, suspend, block, reinstate, annotate) with its evidence;
 * - `policy_change`: a policy version applied or rolled back, with author, reason and approval;
 * - `audit`: the log's own housekeeping (a prune, a checkpoint).
 */
export const AUDIT_KINDS = ['decision', 'usage', 'action', 'policy_change', 'audit'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export function isAuditKind(value: string): value is AuditKind {
  return (AUDIT_KINDS as readonly string[]).includes(value);
}

/** The record format version, part of every hashed body. */
export const AUDIT_FORMAT = 1;

export interface AuditEntry {
  readonly kind: AuditKind;
  /** Epoch milliseconds (an integer): when the event happened. */
  readonly at: number;
  /** What the record is about: a request id (`dec_…`), a key id, `policy:v12`. */
  readonly ref: string;
  /** Snake_case JSON, hashed as written (canonical encoding). */
  readonly data: JsonObject;
}

/** A record as stored: the entry, its place in the log and its links. */
export interface AuditRecord extends AuditEntry {
  /** 1, 2, 3, … in append order; never reused. */
  readonly seq: number;
  /** Hex SHA-256 of the record before (GENESIS_HASH for the first record ever). */
  readonly prevHash: string;
  /** Hex SHA-256 of `prevHash` followed by the canonical body (chain.ts). */
  readonly hash: string;
}

/**
 * Appends to the hash-chained log. `append` resolves once the record is durable (committed), and
 * rejects when it could not be written. Writers never compute hashes: the log does, under its lock.
 */
export interface AuditLog {
  append(entry: AuditEntry, options?: AppendOptions): Promise<void>;
}

export interface AppendOptions {
  /**
   * Nothing waits on this record (usage, once the answer has gone out): the log may hold it a few
   * milliseconds to share the next commit instead of making one of its own. It still resolves only
   * once committed.
   */
  readonly lazy?: boolean;
}
