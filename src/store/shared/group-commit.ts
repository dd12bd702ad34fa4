/**
 * Group commit, one engine for both backends (docs/store.md, "Group commit"). Writes submitted while
 * the event loop is busy are committed together at its next turn (`setImmediate`): one transaction,
 * one commit (one WAL flush) for all of them. While a batch is being committed (a round trip on
 * PostgreSQL), new writes wait and go together in the next one, so under load batches grow instead
 * of the queue. A lazy write asks for no turn of its own: it joins the next batch, or commits alone
 * after the linger time. Every promise settles once its write has committed or failed.
 *
 * The failure rule:
 * 1. A batch that fails was rolled back whole (the backend's `commit` is atomic); its writes are run
 *    again, each on its own, so a write that fails fails alone and the others commit. Writes rarely
 *    fail (their input is checked before they are queued), so the common path pays for nothing.
 * 2. When the store itself failed (closed, unreachable, out of space, locked past its timeout: the
 *    backend's `isStoreFailure`), running the writes again could only fail again, slowly: every write
 *    of the batch fails with that error at once.
 * 3. A closed store refuses queued writes without trying them.
 */

/** What a backend supplies: the transaction around a batch, and what counts as its own failure. */
export interface BatchCommitter<W, R> {
  /**
   * Writes the batch in one transaction and returns each write's result, in order; throws, having
   * committed nothing, when any write (or the transaction) failed.
   */
  commit(batch: readonly W[]): readonly R[] | Promise<readonly R[]>;
  /** False once the store is closed. */
  isOpen(): boolean;
  /** True when `error` is the store's failure rather than one write's (rule 2). */
  isStoreFailure(error: unknown): boolean;
}

export interface GroupCommitOptions {
  /** Most writes in one transaction; the rest go in the next one. */
  readonly maxBatch?: number;
  /** Longest a lazy write waits for a batch to join before it commits on its own. */
  readonly lingerMs?: number;
}

/** Short enough that a lazy record is committed long before anyone asks for it (a crash loses at most this window). */
export const DEFAULT_LINGER_MS = 10;
const DEFAULT_MAX_BATCH = 2000;

interface Pending<W, R> {
  readonly write: W;
  readonly lazy: boolean;
  readonly resolve: (value: R) => void;
  readonly reject: (reason: unknown) => void;
}

export class GroupCommit<W, R> {
  readonly #backend: BatchCommitter<W, R>;
  readonly #maxBatch: number;
  readonly #lingerMs: number;
  #queue: Array<Pending<W, R>> = [];
  /** The turn at which the queue is committed, once asked for. */
  #turn: NodeJS.Immediate | null = null;
  #linger: NodeJS.Timeout | null = null;
  /** Batches being committed (the queue as it was when they started). */
  #committing: Promise<void> | null = null;

  constructor(backend: BatchCommitter<W, R>, options: GroupCommitOptions = {}) {
    this.#backend = backend;
    this.#maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.#lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  }

  /** Commits `write` in the next batch; resolves with its result once committed. */
  submit(write: W): Promise<R> {
    const done = this.#enqueue(write, false);
    this.#askForTurn();
    return done;
  }

  /** Commits `write` in a later batch without asking for one (it joins the next, or goes alone after the linger time). */
  submitLazy(write: W): Promise<R> {
    const done = this.#enqueue(write, true);
    if (this.#committing === null && this.#turn === null) this.#linger ??= setTimeout(this.#commitQueue, this.#lingerMs);
    return done;
  }

  /** Commits everything queued now; resolves once everything submitted so far has settled. */
  async flush(): Promise<void> {
    while (this.#committing !== null || this.#queue.length > 0) await (this.#committing ?? this.#commitQueue());
  }

  #enqueue(write: W, lazy: boolean): Promise<R> {
    return new Promise<R>((resolve, reject) => this.#queue.push({ write, lazy, resolve, reject }));
  }

  #askForTurn(): void {
    if (this.#committing === null) this.#turn ??= setImmediate(this.#commitQueue);
  }

  /** Takes the whole queue and commits it, batch after batch; then asks for what came meanwhile. */
  readonly #commitQueue = (): Promise<void> => {
    if (this.#turn !== null) clearImmediate(this.#turn);
    if (this.#linger !== null) clearTimeout(this.#linger);
    this.#turn = null;
    this.#linger = null;
    const taken = this.#queue;
    this.#queue = [];
    const committing = (async () => {
      for (let i = 0; i < taken.length; i += this.#maxBatch) await this.#commitBatch(taken.slice(i, i + this.#maxBatch));
    })();
    this.#committing = committing;
    return committing.finally(() => {
      this.#committing = null;
      if (this.#queue.some((p) => !p.lazy)) this.#askForTurn();
      else if (this.#queue.length > 0) this.#linger ??= setTimeout(this.#commitQueue, this.#lingerMs);
    });
  };

  async #commitBatch(batch: ReadonlyArray<Pending<W, R>>): Promise<void> {
    if (!this.#backend.isOpen()) return refuse(batch, new Error('the store is closed'));
    try {
      const results = await this.#backend.commit(batch.map((p) => p.write));
      batch.forEach((p, i) => p.resolve(results[i] as R));
    } catch (error) {
      if (batch.length === 1 || this.#storeFailed(error)) return refuse(batch, error);
      await this.#commitEachAlone(batch);
    }
  }

  /** Rule 1: each write of a failed batch again, in a transaction of its own, in order. */
  async #commitEachAlone(batch: ReadonlyArray<Pending<W, R>>): Promise<void> {
    for (const [i, p] of batch.entries()) {
      try {
        const [result] = await this.#backend.commit([p.write]);
        p.resolve(result as R);
      } catch (error) {
        p.reject(error);
        if (this.#storeFailed(error)) return refuse(batch.slice(i + 1), error);
      }
    }
  }

  #storeFailed(error: unknown): boolean {
    return !this.#backend.isOpen() || this.#backend.isStoreFailure(error);
  }
}

function refuse(batch: ReadonlyArray<{ readonly reject: (reason: unknown) => void }>, error: unknown): void {
  for (const p of batch) p.reject(error);
}
