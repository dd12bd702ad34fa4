/**
 * Keeps the evidence projections (decision_facts, usage, usage_daily) up with the audit log, off the
 * request path. An append commits only its audit_log row; the projections follow in batches a moment
 * later (a background step in the next group-commit transaction), and every reader of a projection
 * catches up first, so what it reads matches the log at that instant. The audit log stays the source
 * of truth: a process killed before its projections ran leaves them to whichever process — gateway or
 * CLI — catches up next.
 *
 * Journal lines (audit-journal.ts) are sealed into the log by the same steps: once a step is level
 * with the log, it seals what the journals hold and projects those records as they are sealed, from
 * the data already parsed, without reading them back.
 *
 * Where to resume needs no table of its own: records are projected in sequence order, each batch in
 * one transaction, so everything up to the highest projected sequence number (the `decision_facts`
 * key, the `usage_seq` index) is done. Records of other kinds after it are read again and skipped.
 */
import type Database from 'better-sqlite3';
import { isAuditKind, type AuditRecord, type JsonObject } from '../../audit/index.js';
import { createProjector, type Projector } from './evidence-projection.js';
import type { SqliteGroupCommit } from './group-commit.js';

/**
 * Records sealed or projected per background transaction: a step holds the event loop for a few
 * milliseconds at most (a record costs tens of microseconds), so requests move on between steps.
 */
const CHUNK = 100;
/** Per transaction when a reader catches up: it is waiting for all of it, so larger steps. */
const SYNC_CHUNK = 500;
/**
 * How long after an append the background steps start: long enough to seal and project many records at
 * once (a batch shares its B-tree pages and its commit), short enough that a catch-up is a few small
 * chunks, not a burst, and that a reader rarely has much to do.
 */
const DELAY_MS = 250;
/** Between two background chunks when there is more to do. */
const GAP_MS = 1;

/** What a step did: how many records it read, and the last one's sequence number. */
export interface Step {
  readonly count: number;
  readonly last: number;
}

interface LogRow {
  readonly seq: number;
  readonly at: number;
  readonly kind: string;
  readonly ref: string;
  readonly data: string;
}

/** Where appends wait before they reach the log: the journals (nothing, without them). */
export interface PendingAppends {
  /** Writes every submitted append to its journal. */
  flush(): Promise<void>;
  /**
   * Inside the caller's transaction: seals up to `limit` journal lines into the log, handing each run of
   * sealed records to `sealed` as it goes; returns how many lines it consumed.
   */
  seal(limit: number, sealed: (records: readonly AuditRecord[]) => void): number;
}

const NOTHING_PENDING: PendingAppends = { flush: async () => undefined, seal: () => 0 };

export class ProjectionCatchUp {
  readonly #batcher: SqliteGroupCommit;
  readonly #project: Projector;
  readonly #cursor: Database.Statement<[], number | null>;
  readonly #after: Database.Statement<[number, number], LogRow>;
  readonly #inTransaction: (limit: number) => Step;
  readonly #onError: (error: unknown, seq: number) => void;
  readonly #pending: PendingAppends;
  readonly #delayMs: number;
  #timer: NodeJS.Timeout | null = null;
  /** Background steps are under way (the next is submitted as the last one commits). */
  #running = false;
  /** Appends came while steps were running: schedule again when they end. */
  #again = false;
  #closed = false;
  /**
   * The last sequence number this process has committed a step over. Records that leave no
   * projection row (unreadable, or a second usage record for a request) do not move the derived
   * cursor; this keeps a run of them from being read again and again.
   */
  #floor = 0;

  constructor(db: Database.Database, batcher: SqliteGroupCommit, onError: (error: unknown, seq: number) => void, pending: PendingAppends = NOTHING_PENDING, delayMs = DELAY_MS) {
    this.#batcher = batcher;
    this.#delayMs = delayMs;
    this.#pending = pending;
    this.#project = createProjector(db);
    this.#onError = onError;
    this.#cursor = db.prepare<[], number | null>('SELECT max(m) FROM (SELECT max(seq) AS m FROM decision_facts UNION ALL SELECT max(seq) FROM usage)').pluck();
    this.#after = db.prepare<[number, number], LogRow>(
      `SELECT seq, at, kind, ref, data FROM audit_log WHERE seq > ? AND kind IN ('decision', 'usage') ORDER BY seq LIMIT ?`,
    );
    const step = db.transaction((limit: number) => this.step(limit));
    this.#inTransaction = (limit) => step.immediate(limit);
  }

  /** An append committed: project it (and whatever else is new) soon, in the background. */
  schedule(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#running = true;
      this.#background();
    }, this.#delayMs);
    this.#timer.unref();
  }

  /** One chunk per write batch, chunk after chunk until the projections are level with the log. */
  #background(): void {
    // A chunk due after the pause finds the store closed: nothing to do (and no error to log).
    if (this.#closed) {
      this.#running = false;
      return;
    }
    this.#batcher
      .submit(() => this.step(CHUNK))
      .then(
        (done) => {
          this.#committed(done);
          if (done.count === CHUNK && !this.#closed) {
            // A pause between chunks lets the requests under way take several turns of the event loop.
            setTimeout(() => this.#background(), GAP_MS).unref();
            return;
          }
          this.#running = false;
          if (this.#again && !this.#closed) {
            this.#again = false;
            this.schedule();
          }
        },
        (error: unknown) => {
          this.#running = false;
          this.#onError(error, -1);
        },
      );
  }

  /** Commits pending appends, seals the journals and projects everything up to the log's head: what readers call first. */
  async sync(): Promise<void> {
    await this.#pending.flush();
    await this.#batcher.flush();
    for (let done = this.#inTransaction(SYNC_CHUNK); ; done = this.#inTransaction(SYNC_CHUNK)) {
      this.#committed(done);
      if (done.count < SYNC_CHUNK) return;
    }
  }

  /**
   * Projects up to `limit` records after the cursor (or after `after`, when a caller inside one
   * transaction steps more than once); runs inside the caller's transaction.
   */
  step(limit: number, after = 0): Step {
    const from = Math.max(this.#cursor.get() ?? 0, this.#floor, after);
    const rows = this.#after.all(from, limit);
    const records: AuditRecord[] = [];
    for (const row of rows) {
      try {
        records.push(toRecord(row));
      } catch (error) {
        // A record that cannot be read (changed by hand: `cordon audit verify` reports it) is skipped, not retried forever.
        this.#onError(error, row.seq);
      }
    }
    this.#project(records, this.#onError);
    let last = rows.at(-1)?.seq ?? from;
    let sealed = 0;
    if (rows.length < limit) {
      // Level with the log: what is sealed now is next in sequence, and is projected as it is sealed.
      sealed = this.#pending.seal(limit, (fresh) => {
        this.#project(fresh, this.#onError);
        last = fresh.at(-1)?.seq ?? last;
      });
    }
    // A full chunk of either means there may be more: the caller steps again.
    return { count: Math.max(sealed, rows.length), last };
  }

  #committed(done: Step): void {
    if (done.last > this.#floor) this.#floor = done.last;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function toRecord(row: LogRow): AuditRecord {
  if (!isAuditKind(row.kind)) throw new Error(`unknown audit record kind ${row.kind}`);
  return { seq: row.seq, at: row.at, kind: row.kind, ref: row.ref, data: JSON.parse(row.data) as JsonObject, prevHash: '', hash: '' };
}
