/**
 * The audit log on SQLite. With a journal (the gateway's default, ADR 0015) an append is one line
 * written to this process's journal file and is sealed into `audit_log` a moment later
 * (audit-journal.ts); without one it runs in a group-commit transaction (group-commit.ts). Sealing
 * reads the head under the write lock, chains the entries (sequence, link, hash) and inserts them;
 * the evidence projections follow off the request path (projection-catch-up.ts). Every read catches
 * up first — seals what the journals hold, projects what is new — so it sees every acknowledged
 * record. Several processes can append to one file: the head is always read inside the transaction
 * that extends it.
 */
import type Database from 'better-sqlite3';
import {
  canonicalBody,
  canonicalize,
  checkEntry,
  type AppendOptions,
  EMPTY_HEAD,
  isAuditKind,
  sealEntry,
  type AuditEntry,
  type AuditRecord,
  type ChainHead,
  type Checkpoint,
  type CheckpointBody,
} from '../../audit/index.js';
import type { AuditReadOptions, AuditStore, AuditSummary, PruneRequest, PruneResult } from '../audit-port.js';
import { checkpointRow, toCheckpoint, toRecord } from '../shared/audit-rows.js';
import { prepareAuditStatements, type AuditStatements } from './audit-statements.js';
import type { AuditJournal } from './audit-journal.js';
import type { ProjectionCatchUp } from './projection-catch-up.js';
import type { SqliteGroupCommit } from './group-commit.js';

const PRUNE_CATCH_UP_CHUNK = 1000;
/** Journal lines sealed per step when everything is sealed at once. */
const SEAL_CHUNK = 1000;

interface Prepared {
  readonly entry: AuditEntry;
  readonly dataJson: string;
  /** The canonical body, when a journal line already holds it. */
  readonly body?: string;
}

export class SqliteAuditStore implements AuditStore {
  readonly #db: Database.Database;
  readonly #sql: AuditStatements;
  readonly #batcher: SqliteGroupCommit;
  readonly #projection: ProjectionCatchUp;
  readonly #prune: (request: PruneRequest) => PruneResult;
  readonly #journal: AuditJournal | null;

  constructor(db: Database.Database, batcher: SqliteGroupCommit, projection: ProjectionCatchUp, journal: AuditJournal | null) {
    this.#db = db;
    this.#journal = journal;
    this.#sql = prepareAuditStatements(db);
    this.#batcher = batcher;
    this.#projection = projection;
    const prune = db.transaction((request: PruneRequest) => this.#pruneNow(request));
    this.#prune = (request) => prune.immediate(request);
  }

  append(entry: AuditEntry, options?: AppendOptions): Promise<void> {
    return this.appendMany([entry], options);
  }

  appendMany(entries: readonly AuditEntry[], options?: AppendOptions): Promise<void> {
    let prepared: Prepared[];
    try {
      // Encoding errors (a NaN, a non-integer time) belong to the caller, not to the batch.
      prepared = entries.map(prepare);
    } catch (err) {
      return Promise.reject(err);
    }
    this.#projection.schedule();
    const journal = this.#journal;
    if (journal?.writing === true) return journal.append(prepared.map(bodyLine).join(''), options?.lazy === true);
    const op = () => {
      this.#appendPrepared(prepared);
    };
    return options?.lazy === true ? this.#batcher.submitLazy(op) : this.#batcher.submit(op);
  }

  /** Appends inside the caller's open transaction (policy versions record their change this way). */
  appendInTransaction(entries: readonly AuditEntry[]): AuditRecord[] {
    if (!this.#db.inTransaction) throw new Error('appendInTransaction needs an open transaction');
    // Journal lines waiting to be sealed follow it in the chain: sealing them here would hold the caller's
    // write (an enforcement action on the request path) for up to a second's worth of records.
    return this.#appendPrepared(entries.map(prepare));
  }

  /**
   * Inside the caller's write transaction: seals up to `limit` journal lines, handing each run of sealed
   * records to `sealed` (the projections); returns how many lines it consumed.
   */
  sealJournal(limit: number, sealed?: (records: readonly AuditRecord[]) => void): number {
    return (
      this.#journal?.take(limit, (lines) => {
        const records = this.#appendPrepared(lines);
        sealed?.(records);
      }) ?? 0
    );
  }

  /** Inside the caller's write transaction: seals every journal line written so far. */
  sealAll(): void {
    while (this.sealJournal(SEAL_CHUNK) === SEAL_CHUNK);
  }

  async head(): Promise<ChainHead> {
    await this.#projection.sync();
    return this.#head();
  }

  async summary(): Promise<AuditSummary> {
    await this.#projection.sync(); // appends not yet committed or sealed are part of the log already
    const first = this.#sql.first.get();
    const last = this.#sql.last.get();
    return { records: this.#sql.count.get()?.n ?? 0, first: first ? { seq: first.seq, hash: first.hash } : null, last: last ? { seq: last.seq, hash: last.hash } : null };
  }

  async read(options: AuditReadOptions): Promise<AuditRecord[]> {
    await this.#projection.sync();
    const rows = this.#sql.page.all({
      from_seq: options.fromSeq ?? 0,
      from: options.from ?? Number.MIN_SAFE_INTEGER,
      to: options.to ?? Number.MAX_SAFE_INTEGER,
      limit: options.limit,
    });
    return rows.map(toRecord);
  }

  async findByRef(ref: string): Promise<AuditRecord[]> {
    await this.#projection.sync();
    return this.#sql.byRef.all(ref).map(toRecord);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    return this.#sql.checkpoints.all().map(toCheckpoint);
  }

  async verificationStart(): Promise<Checkpoint | null> {
    const row = this.#sql.lastPrune.get();
    return row === undefined ? null : toCheckpoint(row);
  }

  async anchor(at: number, sign: (body: CheckpointBody) => Checkpoint): Promise<Checkpoint> {
    await this.#journal?.flush();
    return this.#batcher.submit(() => {
      this.sealAll();
      const head = this.#head();
      const checkpoint = sign({ kind: 'anchor', seq: head.seq, hash: head.hash, at, prunedBefore: null, pruned: 0 });
      this.#sql.insertCheckpoint.run(checkpointRow(checkpoint));
      return checkpoint;
    });
  }

  async prune(request: PruneRequest): Promise<PruneResult> {
    await this.#journal?.flush();
    await this.#batcher.flush();
    return this.#prune(request);
  }

  #head(): ChainHead {
    const last = this.#sql.last.get();
    if (last !== undefined) return { seq: last.seq, hash: last.hash };
    const pruned = this.#sql.lastPrune.get();
    return pruned === undefined ? EMPTY_HEAD : { seq: pruned.seq, hash: pruned.hash };
  }

  #appendPrepared(prepared: readonly Prepared[]): AuditRecord[] {
    let head = this.#head();
    const out: AuditRecord[] = [];
    for (const { entry, dataJson, body } of prepared) {
      const record = sealEntry(head, entry, dataJson, body);
      this.#sql.insert.run(record.seq, record.at, record.kind, record.ref, dataJson, record.prevHash, record.hash);
      out.push(record);
      head = record;
    }
    return out;
  }

  #pruneNow(request: PruneRequest): PruneResult {
    // Project what is about to go first, so the usage rollup keeps the pruned requests.
    for (let done = this.#projection.step(PRUNE_CATCH_UP_CHUNK); done.count === PRUNE_CATCH_UP_CHUNK; ) {
      done = this.#projection.step(PRUNE_CATCH_UP_CHUNK, done.last);
    }
    const through = this.#sql.pruneThrough.get(request.before)?.through ?? null;
    const first = this.#sql.first.get();
    if (through === null || first === undefined || through < first.seq) return { checkpoint: null, pruned: 0 };
    const last = this.#sql.hashAt.get(through);
    if (last === undefined) throw new Error(`audit record ${through} vanished while pruning`);
    const pruned = this.#sql.countThrough.get(through)?.n ?? 0;
    const checkpoint = request.sign({ kind: 'prune', seq: through, hash: last.hash, at: request.at, prunedBefore: request.before, pruned });
    this.#db.prepare('DELETE FROM decision_facts WHERE seq <= ?').run(through);
    this.#db.prepare('DELETE FROM usage WHERE seq <= ?').run(through);
    this.#db.prepare('DELETE FROM shadow_differences WHERE at < ?').run(request.before);
    this.#sql.deleteThrough.run(through);
    this.#sql.insertCheckpoint.run(checkpointRow(checkpoint));
    this.#appendPrepared([
      prepare({
        kind: 'audit',
        at: request.at,
        ref: 'audit:prune',
        data: { action: 'prune', before: request.before, pruned, through_seq: through, through_hash: last.hash, signed: checkpoint.signature !== null },
      }),
    ]);
    return { checkpoint, pruned };
  }
}

function prepare(entry: AuditEntry): Prepared {
  if (!isAuditKind(entry.kind)) throw new TypeError(`unknown audit record kind "${String(entry.kind)}"`);
  checkEntry(entry);
  return { entry, dataJson: canonicalize(entry.data) };
}

/** A journal line: the record's canonical body, which its hash will cover (audit-journal.ts). */
function bodyLine(prepared: Prepared): string {
  return `${canonicalBody(prepared.entry, prepared.dataJson)}\n`;
}
