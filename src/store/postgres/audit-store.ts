/**
 * The audit log on PostgreSQL: one chain shared by every instance (ADR 0008). A batch of appends is
 * one call of `cordon_audit_append` (migration 0003): under the lock on the chain head it chains the
 * records, inserts them and their projections and moves the head, in one statement — one round trip
 * and one commit. Appends that arrive together share that call (group commit, ../shared/group-commit.ts).
 * Another instance's append waits on the row lock, then continues from the head this one committed:
 * one order, no fork.
 */
import { canonicalBody, canonicalize, isAuditKind, type AuditEntry, type AuditRecord, type ChainHead, type Checkpoint, type CheckpointBody } from '../../audit/index.js';
import type { AuditReadOptions, AuditStore, AuditSummary, PruneRequest, PruneResult } from '../audit-port.js';
import { AUDIT_COLUMNS, CHECKPOINT_COLUMNS, toCheckpoint, toRecord, type AuditRow, type CheckpointRow } from '../shared/audit-rows.js';
import type { GroupCommit } from '../shared/group-commit.js';
import type { Db, Queryable } from './connection.js';
import { projectionJson, projectionOf, type Projection } from './evidence-projection.js';
import { pgGroupCommit } from './group-commit.js';

/** An entry checked and encoded: its canonical data, the body the chain hashes, its projection rows. */
interface Prepared {
  readonly entry: AuditEntry;
  readonly dataJson: string;
  readonly body: string;
  readonly projection: Projection;
}

const APPEND = 'SELECT seq, prev_hash, hash FROM cordon_audit_append($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::jsonb, $7::jsonb)';

export class PgAuditStore implements AuditStore {
  readonly #db: Db;
  /** Each write is the entries of one `appendMany`; a batch of them is one call of `cordon_audit_append`. */
  readonly #appends: GroupCommit<readonly Prepared[], void>;

  constructor(db: Db) {
    this.#db = db;
    this.#appends = pgGroupCommit(db, (batch) => appendPrepared(db, batch.flat()));
  }

  append(entry: AuditEntry): Promise<void> {
    return this.appendMany([entry]);
  }

  appendMany(entries: readonly AuditEntry[]): Promise<void> {
    try {
      return this.#appends.submit(entries.map(prepare));
    } catch (error) {
      // Encoding errors (an unknown kind, a non-JSON value, data a projection cannot read) belong to the caller, not to the batch.
      return Promise.reject(error);
    }
  }

  /** Appends inside the caller's transaction (policy versions, prune), under the head lock. */
  async appendInTransaction(tx: Queryable, entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    return appendPrepared(tx, entries.map(prepare));
  }

  async head(): Promise<ChainHead> {
    const [row] = await this.#db.query<ChainHead>('SELECT seq, hash FROM audit_head WHERE id = 1');
    if (row === undefined) throw new Error('the audit_head row is missing; the schema was changed by hand');
    return row;
  }

  async summary(): Promise<AuditSummary> {
    const [row] = await this.#db.query<{ n: number; first_seq: number | null; first_hash: string | null; last_seq: number | null; last_hash: string | null }>(
      `SELECT (SELECT count(*) FROM audit_log) AS n,
              f.seq AS first_seq, f.hash AS first_hash, l.seq AS last_seq, l.hash AS last_hash
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log ORDER BY seq ASC LIMIT 1) f ON true
       LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) l ON true`,
    );
    const head = (seq: number | null | undefined, hash: string | null | undefined): ChainHead | null => (seq == null || hash == null ? null : { seq, hash });
    return { records: row?.n ?? 0, first: head(row?.first_seq, row?.first_hash), last: head(row?.last_seq, row?.last_hash) };
  }

  async read(options: AuditReadOptions): Promise<AuditRecord[]> {
    const rows = await this.#db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq >= $1 AND at >= $2 AND at < $3 ORDER BY seq LIMIT $4`, [
      options.fromSeq ?? 0,
      options.from ?? Number.MIN_SAFE_INTEGER,
      options.to ?? Number.MAX_SAFE_INTEGER,
      options.limit,
    ]);
    return rows.map(toRecord);
  }

  async findByRef(ref: string): Promise<AuditRecord[]> {
    return (await this.#db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE ref = $1 ORDER BY seq`, [ref])).map(toRecord);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    return (await this.#db.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY id`)).map(toCheckpoint);
  }

  async verificationStart(): Promise<Checkpoint | null> {
    const [row] = await this.#db.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE kind = 'prune' ORDER BY seq DESC, id DESC LIMIT 1`);
    return row === undefined ? null : toCheckpoint(row);
  }

  async anchor(at: number, sign: (body: CheckpointBody) => Checkpoint): Promise<Checkpoint> {
    await this.#appends.flush();
    return this.#db.transaction(async (tx) => {
      const head = await lockHead(tx);
      const checkpoint = sign({ kind: 'anchor', seq: head.seq, hash: head.hash, at, prunedBefore: null, pruned: 0 });
      await insertCheckpoint(tx, checkpoint);
      return checkpoint;
    });
  }

  async prune(request: PruneRequest): Promise<PruneResult> {
    await this.#appends.flush();
    return this.#db.transaction(async (tx) => {
      await lockHead(tx);
      const [bounds] = await tx.query<{ through: number | null; first: number | null }>(
        `SELECT coalesce((SELECT min(seq) - 1 FROM audit_log WHERE at >= $1), (SELECT max(seq) FROM audit_log)) AS through,
                (SELECT min(seq) FROM audit_log) AS first`,
        [request.before],
      );
      const through = bounds?.through ?? null;
      if (through === null || bounds?.first == null || through < bounds.first) return { checkpoint: null, pruned: 0 };
      const [last] = await tx.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [through]);
      if (last === undefined) throw new Error(`audit record ${through} vanished while pruning`);
      const [counted] = await tx.query<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE seq <= $1', [through]);
      const pruned = counted?.n ?? 0;
      const checkpoint = request.sign({ kind: 'prune', seq: through, hash: last.hash, at: request.at, prunedBefore: request.before, pruned });
      await tx.query('DELETE FROM decision_facts WHERE seq <= $1', [through]);
      await tx.query('DELETE FROM usage WHERE seq <= $1', [through]);
      await tx.query('DELETE FROM shadow_differences WHERE at < $1', [request.before]);
      await tx.query('DELETE FROM audit_log WHERE seq <= $1', [through]);
      await insertCheckpoint(tx, checkpoint);
      await this.appendInTransaction(tx, [
        {
          kind: 'audit',
          at: request.at,
          ref: 'audit:prune',
          data: { action: 'prune', before: request.before, pruned, through_seq: through, through_hash: last.hash, signed: checkpoint.signature !== null },
        },
      ]);
      return { checkpoint, pruned };
    });
  }

  /** Commits everything submitted so far (close waits on it). */
  flush(): Promise<void> {
    return this.#appends.flush();
  }
}

function prepare(entry: AuditEntry): Prepared {
  if (!isAuditKind(entry.kind)) throw new TypeError(`unknown audit record kind "${String(entry.kind)}"`);
  if (!Number.isSafeInteger(entry.at)) throw new TypeError(`audit entry time must be integer epoch milliseconds, got ${entry.at}`);
  const dataJson = canonicalize(entry.data);
  return { entry, dataJson, body: canonicalBody(entry, dataJson), projection: projectionOf(entry) };
}

async function lockHead(tx: Queryable): Promise<ChainHead> {
  const [row] = await tx.query<ChainHead>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  if (row === undefined) throw new Error('the audit_head row is missing; the schema was changed by hand');
  return row;
}

/** One call of cordon_audit_append: the records chained after the head, with their projections. */
async function appendPrepared(db: Queryable, prepared: readonly Prepared[]): Promise<AuditRecord[]> {
  const { decisions, usage } = projectionJson(prepared.map((p) => p.projection));
  const rows = await db.query<{ seq: number; prev_hash: string; hash: string }>(APPEND, [
    prepared.map((p) => p.entry.kind),
    prepared.map((p) => p.entry.at),
    prepared.map((p) => p.entry.ref),
    prepared.map((p) => p.dataJson),
    prepared.map((p) => p.body),
    decisions,
    usage,
  ]);
  return rows.map((r, i) => {
    const { entry } = prepared[i] as Prepared;
    return { kind: entry.kind, at: entry.at, ref: entry.ref, data: entry.data, seq: r.seq, prevHash: r.prev_hash, hash: r.hash };
  });
}

async function insertCheckpoint(tx: Queryable, c: Checkpoint): Promise<void> {
  await tx.query(`INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [c.kind, c.seq, c.hash, c.at, c.prunedBefore, c.pruned, c.signature]);
}
