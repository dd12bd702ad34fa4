/**
 * Rows of `audit_log` and `audit_checkpoints` as both backends return them, and where they become
 * records and checkpoints.
 */
import { isAuditKind, type AuditRecord, type Checkpoint, type JsonObject } from '../../audit/index.js';

/** The columns of an AuditRow and of a CheckpointRow, in their order. */
export const AUDIT_COLUMNS = 'seq, at, kind, ref, data, prev_hash, hash';
export const CHECKPOINT_COLUMNS = 'kind, seq, hash, at, pruned_before, pruned, signature';

export interface AuditRow {
  readonly seq: number;
  readonly at: number;
  readonly kind: string;
  readonly ref: string;
  readonly data: string;
  readonly prev_hash: string;
  readonly hash: string;
}

export interface CheckpointRow {
  readonly kind: string;
  readonly seq: number;
  readonly hash: string;
  readonly at: number;
  readonly pruned_before: number | null;
  readonly pruned: number;
  readonly signature: string | null;
}

export function toRecord(row: AuditRow): AuditRecord {
  if (!isAuditKind(row.kind)) throw new Error(`unknown audit record kind in the store: ${row.kind}`);
  return { seq: row.seq, at: row.at, kind: row.kind, ref: row.ref, data: parseData(row.data), prevHash: row.prev_hash, hash: row.hash };
}

/** Data that is not a JSON object (tampered) is kept as text, so verification reports the record as changed. */
function parseData(text: string): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // fall through
  }
  return { unparsable_data: text };
}

export function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    kind: row.kind === 'prune' ? 'prune' : 'anchor',
    seq: row.seq,
    hash: row.hash,
    at: row.at,
    prunedBefore: row.pruned_before,
    pruned: row.pruned,
    signature: row.signature,
  };
}

export function checkpointRow(c: Checkpoint): CheckpointRow {
  return { kind: c.kind, seq: c.seq, hash: c.hash, at: c.at, pruned_before: c.prunedBefore, pruned: c.pruned, signature: c.signature };
}
