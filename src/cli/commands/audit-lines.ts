/**
 * The export format, JSON Lines:
 * - one record per line, oldest first: `{"seq","at","time","kind","ref","data","prev_hash","hash"}` —
 *   `at` is the hashed epoch-ms integer, `time` the same instant in ISO 8601 for people;
 * - then the checkpoints within the exported records, one per line: `{"checkpoint":{"kind","seq","hash",
 *   "at","time","pruned_before","pruned","signature"}}` — the signed fields as stored (epoch ms), so the
 *   signature can be checked from the file alone.
 */
import { CHECKPOINT_KINDS, isAuditKind, type AuditRecord, type Checkpoint, type CheckpointKind, type JsonObject } from '../../audit/index.js';
import { CommandError } from '../output.js';

export type ExportLine = { readonly record: AuditRecord } | { readonly checkpoint: Checkpoint };

export function recordLine(r: AuditRecord): string {
  return `${JSON.stringify({ seq: r.seq, at: r.at, time: new Date(r.at).toISOString(), kind: r.kind, ref: r.ref, data: r.data, prev_hash: r.prevHash, hash: r.hash })}\n`;
}

export function checkpointLine(c: Checkpoint): string {
  const checkpoint = { kind: c.kind, seq: c.seq, hash: c.hash, at: c.at, time: new Date(c.at).toISOString(), pruned_before: c.prunedBefore, pruned: c.pruned, signature: c.signature };
  return `${JSON.stringify({ checkpoint })}\n`;
}

export function parseExportLine(line: string, where: string): ExportLine {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new CommandError(`${where}: not a JSON line`);
  }
  if (typeof v.checkpoint === 'object' && v.checkpoint !== null) return { checkpoint: parseCheckpoint(v.checkpoint as Record<string, unknown>, where) };
  const { seq, at, kind, ref, data, prev_hash: prevHash, hash } = v;
  if (typeof seq !== 'number' || typeof at !== 'number' || typeof kind !== 'string' || !isAuditKind(kind) || typeof ref !== 'string' || typeof prevHash !== 'string' || typeof hash !== 'string' || typeof data !== 'object' || data === null) {
    throw new CommandError(`${where}: not an audit record (expected seq, at, kind, ref, data, prev_hash, hash) nor a checkpoint`);
  }
  return { record: { seq, at, kind, ref, data: data as JsonObject, prevHash, hash } };
}

function parseCheckpoint(c: Record<string, unknown>, where: string): Checkpoint {
  const { kind, seq, hash, at, pruned_before: prunedBefore, pruned, signature } = c;
  if (
    typeof kind !== 'string' ||
    !(CHECKPOINT_KINDS as readonly string[]).includes(kind) ||
    typeof seq !== 'number' ||
    typeof hash !== 'string' ||
    typeof at !== 'number' ||
    !(typeof prunedBefore === 'number' || prunedBefore === null) ||
    typeof pruned !== 'number' ||
    !(typeof signature === 'string' || signature === null)
  ) {
    throw new CommandError(`${where}: not a checkpoint (expected kind, seq, hash, at, pruned_before, pruned, signature)`);
  }
  return { kind: kind as CheckpointKind, seq, hash, at, prunedBefore, pruned, signature };
}
