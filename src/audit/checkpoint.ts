/**
 * Checkpoints: a (sequence, hash) pair of the chain, written when old records are pruned (the chain
 * then continues from it) or on demand as an anchor. Signed with HMAC-SHA256 over the canonical JSON
 * of its fields when a checkpoint key is configured, so whoever can write the database but does not
 * hold the key cannot move a checkpoint to cover a rewritten history.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalize } from './canonical.js';
import type { ChainHead } from './chain.js';

export const CHECKPOINT_KINDS = ['prune', 'anchor'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

export interface CheckpointBody extends ChainHead {
  readonly kind: CheckpointKind;
  /** Epoch ms when it was written. */
  readonly at: number;
  /** For `prune`: records before this instant (epoch ms) were removed; null for an anchor. */
  readonly prunedBefore: number | null;
  /** For `prune`: how many records were removed. */
  readonly pruned: number;
}

export interface Checkpoint extends CheckpointBody {
  /** Hex HMAC-SHA256, or null when no key was configured when it was written. */
  readonly signature: string | null;
}

export function signCheckpoint(body: CheckpointBody, key: string | null): Checkpoint {
  return { ...body, signature: key === null ? null : mac(body, key) };
}

export type SignatureStatus = 'valid' | 'invalid' | 'unsigned' | 'unchecked';

/** `unchecked` when no key is configured now; `unsigned` when the checkpoint carries no signature. */
export function checkSignature(cp: Checkpoint, key: string | null): SignatureStatus {
  if (key === null) return 'unchecked';
  if (cp.signature === null) return 'unsigned';
  const expected = Buffer.from(mac(cp, key), 'hex');
  const given = Buffer.from(cp.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}

function mac(b: CheckpointBody, key: string): string {
  const body = canonicalize({ v: 1, kind: b.kind, seq: b.seq, hash: b.hash, at: b.at, pruned_before: b.prunedBefore, pruned: b.pruned });
  return createHmac('sha256', key).update(body, 'utf8').digest('hex');
}
