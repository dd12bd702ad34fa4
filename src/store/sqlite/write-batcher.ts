/**
 * Group commit. Writes submitted while the event loop is busy are run together, at the next turn
 * (`setImmediate`), in one `BEGIN IMMEDIATE` transaction; lazy writes wait (a few milliseconds at
 * most) to join such a batch: one commit (and, with synchronous=FULL, one fsync) for the whole batch.
 * A write that fails fails alone: the batch is rolled back and its writes are run again, each in a
 * transaction of its own, so only the failing one's promise rejects and the others commit. (Writes
 * rarely fail — their input is checked before they are queued — so the common path pays for no
 * savepoints.) Every promise settles after the commit.
 */
import type Database from 'better-sqlite3';

interface Pending {
  readonly op: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

interface Outcome {
  readonly pending: Pending;
  readonly ok: boolean;
  readonly value: unknown;
}

export interface WriteBatcherOptions {
  /** Most writes in one transaction; the rest go in the next one. */
  readonly maxBatch?: number;
  /** Longest a lazy write waits for a batch to join before it commits on its own. */
  readonly lingerMs?: number;
}

/** Short enough that a lazy record is committed long before anyone asks for it (a crash loses at most this window). */
export const DEFAULT_LINGER_MS = 10;

export class WriteBatcher {
  readonly #db: Database.Database;
  readonly #maxBatch: number;
  readonly #lingerMs: number;
  #linger: NodeJS.Timeout | null = null;
  readonly #runBatch: (batch: readonly Pending[]) => Outcome[];
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(db: Database.Database, options: WriteBatcherOptions = {}) {
    this.#db = db;
    this.#maxBatch = options.maxBatch ?? 2000;
    this.#lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
    const batch = db.transaction((items: readonly Pending[]): Outcome[] => items.map((pending) => ({ pending, ok: true, value: pending.op() })));
    const alone = db.transaction((pending: Pending): unknown => pending.op());
    this.#runBatch = (items) => {
      try {
        return batch.immediate(items);
      } catch (err) {
        if (items.length === 1) return [{ pending: items[0] as Pending, ok: false, value: err }];
        // Something in the batch failed and nothing of it was committed: each write again, on its own.
        return items.map((pending) => {
          try {
            return { pending, ok: true, value: alone.immediate(pending) };
          } catch (error) {
            return { pending, ok: false, value: error };
          }
        });
      }
    };
  }

  /** Runs `op` inside the next batch's transaction; resolves with its result once committed. */
  submit<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Runs `op` in a later batch without asking for one: it joins the next `submit`'s transaction, or
   * commits on its own after the linger time. Resolves once committed.
   */
  submitLazy<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled && this.#linger === null) this.#linger = setTimeout(() => this.flush(), this.#lingerMs);
    });
  }

  /** Commits everything queued now (also called on close). */
  flush(): void {
    this.#scheduled = false;
    if (this.#linger !== null) {
      clearTimeout(this.#linger);
      this.#linger = null;
    }
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      if (!this.#db.open) {
        for (const p of batch) p.reject(new Error('the store is closed'));
        continue;
      }
      for (const o of this.#runBatch(batch)) (o.ok ? o.pending.resolve : o.pending.reject)(o.value);
    }
  }
}
