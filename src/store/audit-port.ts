/**
 * The audit log's storage port. Appends are chained under the backend's write lock (the head is read
 * in the same transaction), so several processes (gateway instances, the CLI) can append to one log.
 * `append` resolves once the record is committed; a backend may group appends that arrive together
 * into one transaction (group commit).
 */
import type { AppendOptions, AuditEntry, AuditLog, AuditRecord, ChainHead, Checkpoint, CheckpointBody } from '../audit/index.js';

export interface AuditReadOptions {
  /** First sequence number to return (inclusive); default: the first record. */
  readonly fromSeq?: number;
  /** Only records with `from <= at < to` (epoch ms). */
  readonly from?: number | null;
  readonly to?: number | null;
  /** At most this many records, in sequence order. */
  readonly limit: number;
}

export interface AuditSummary {
  readonly records: number;
  readonly first: ChainHead | null;
  readonly last: ChainHead | null;
}

export interface PruneRequest {
  /** Remove the longest run of oldest records that are all before this instant (epoch ms). */
  readonly before: number;
  /** When the prune happens (epoch ms): the checkpoint's time. */
  readonly at: number;
  /** Signs the checkpoint (HMAC with the configured key, or unsigned). */
  readonly sign: (body: CheckpointBody) => Checkpoint;
}

export interface PruneResult {
  /** Null when nothing was old enough. */
  readonly checkpoint: Checkpoint | null;
  readonly pruned: number;
}

export interface AuditStore extends AuditLog {
  /** Appends in order, atomically; resolves once committed. */
  appendMany(entries: readonly AuditEntry[], options?: AppendOptions): Promise<void>;
  /** The last record (or the prune checkpoint when every record was pruned, or the genesis head). */
  head(): Promise<ChainHead>;
  summary(): Promise<AuditSummary>;
  read(options: AuditReadOptions): Promise<AuditRecord[]>;
  /** Every record about `ref` (a request id: its decision and usage), in order. */
  findByRef(ref: string): Promise<AuditRecord[]>;
  /** Oldest first. */
  checkpoints(): Promise<Checkpoint[]>;
  /** Where verification starts: the latest prune checkpoint, or null for the genesis head. */
  verificationStart(): Promise<Checkpoint | null>;
  /** Writes an anchor checkpoint at the current head. */
  anchor(at: number, sign: (body: CheckpointBody) => Checkpoint): Promise<Checkpoint>;
  prune(request: PruneRequest): Promise<PruneResult>;
}
