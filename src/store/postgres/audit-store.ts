/**
 * The audit log on PostgreSQL: one chain shared by every instance (ADR 0008). An append locks the
 * chain head (`SELECT … FROM audit_head FOR UPDATE`), seals its entries after it, inserts them and
 * their projections and moves the head, all in one transaction; appends that arrive together share
 * that transaction (group commit). Another instance's append waits on the row lock, then continues
 * the chain from the head this one committed, so the log has one order and no fork.
 */
import { canonicalize, isAuditKind, sealEntry, type AuditEntry, type AuditRecord, type ChainHead, type Checkpoint, type CheckpointBody } from '../../audit/index.js';
import type { AuditReadOptions, AuditStore, AuditSummary, PruneRequest, PruneResult } from '../audit-port.js';
import { bulkInsert, type Columns } from './bulk.js';
import type { Db, Queryable } from './connection.js';
import { GroupCommit, type Pending } from './group-commit.js';
import { projectionOf, writeProjections, type Projection } from './projection.js';
import { toCheckpoint, toRecord, type AuditRow, type CheckpointRow } from './audit-rows.js';

interface Prepared {
  readonly entry: AuditEntry;
  readonly dataJson: string;
}

interface Sealed {
  readonly record: AuditRecord;
  readonly dataJson: string;
}

const AUDIT_COLUMNS: Columns<AuditRow> = [['seq', 'int8'], ['at', 'int8'], ['kind', 'text'], ['ref', 'text'], ['data', 'text'], ['prev_hash', 'text'], ['hash', 'text']];
const COLUMNS = 'seq, at, kind, ref, data, prev_hash, hash';
const CHECKPOINT_COLUMNS = 'kind, seq, hash, at, pruned_before, pruned, signature';

export class PgAuditStore implements AuditStore {
  readonly #db: Db;
  readonly #appends: GroupCommit<readonly Prepared[], void>;

  constructor(db: Db) {
    this.#db = db;
    this.#appends = new GroupCommit((batch) => this.#writeBatch(batch));
  }

  append(entry: AuditEntry): Promise<void> {
    return this.appendMany([entry]);
  }

  appendMany(entries: readonly AuditEntry[]): Promise<void> {
    try {
      return this.#appends.submit(entries.map(prepare));
    } catch (error) {
      // Encoding errors (an unknown kind, a non-JSON value) belong to the caller, not to the batch.
      return Promise.reject(error);
    }
  }

  /** Appends inside the caller's transaction (policy versions, prune), under the head lock. */
  async appendInTransaction(tx: Queryable, entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    const head = await lockHead(tx);
    const sealed = sealAll(head, entries.map(prepare));
    await insertRecords(tx, sealed, sealed.map((s) => projectionOf(s.record)));
    return sealed.map((s) => s.record);
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
    const rows = await this.#db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE seq >= $1 AND at >= $2 AND at < $3 ORDER BY seq LIMIT $4`, [
      options.fromSeq ?? 0,
      options.from ?? Number.MIN_SAFE_INTEGER,
      options.to ?? Number.MAX_SAFE_INTEGER,
      options.limit,
    ]);
    return rows.map(toRecord);
  }

  async findByRef(ref: string): Promise<AuditRecord[]> {
    return (await this.#db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE ref = $1 ORDER BY seq`, [ref])).map(toRecord);
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

  async #writeBatch(batch: ReadonlyArray<Pending<readonly Prepared[], void>>): Promise<void> {
    const accepted: Array<Pending<readonly Prepared[], void>> = [];
    await this.#db.transaction(async (tx) => {
      let head = await lockHead(tx);
      const records: Sealed[] = [];
      const projections: Projection[] = [];
      for (const pending of batch) {
        try {
          // Sealed and projected in memory first: a malformed entry is refused alone, before any SQL.
          const sealed = sealAll(head, pending.item);
          projections.push(...sealed.map((s) => projectionOf(s.record)));
          records.push(...sealed);
          head = sealed.at(-1)?.record ?? head;
          accepted.push(pending);
        } catch (error) {
          pending.reject(error);
        }
      }
      await insertRecords(tx, records, projections);
    });
    for (const p of accepted) p.resolve();
  }
}

function prepare(entry: AuditEntry): Prepared {
  if (!isAuditKind(entry.kind)) throw new TypeError(`unknown audit record kind "${String(entry.kind)}"`);
  return { entry, dataJson: canonicalize(entry.data) };
}

async function lockHead(tx: Queryable): Promise<ChainHead> {
  const [row] = await tx.query<ChainHead>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  if (row === undefined) throw new Error('the audit_head row is missing; the schema was changed by hand');
  return row;
}

function sealAll(head: ChainHead, prepared: readonly Prepared[]): Sealed[] {
  const out: Sealed[] = [];
  let prev = head;
  for (const { entry, dataJson } of prepared) {
    const record = sealEntry(prev, entry, dataJson);
    out.push({ record, dataJson });
    prev = record;
  }
  return out;
}

/** Inserts sealed records (the head was locked by the caller), their projections, and moves the head. */
async function insertRecords(tx: Queryable, sealed: readonly Sealed[], projections: readonly Projection[]): Promise<void> {
  const last = sealed.at(-1)?.record;
  if (last === undefined) return;
  const rows: AuditRow[] = sealed.map(({ record: r, dataJson }) => ({ seq: r.seq, at: r.at, kind: r.kind, ref: r.ref, data: dataJson, prev_hash: r.prevHash, hash: r.hash }));
  await bulkInsert(tx, 'audit_log', AUDIT_COLUMNS, rows);
  await writeProjections(tx, projections);
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [last.seq, last.hash]);
}

async function insertCheckpoint(tx: Queryable, c: Checkpoint): Promise<void> {
  await tx.query(`INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [c.kind, c.seq, c.hash, c.at, c.prunedBefore, c.pruned, c.signature]);
}
