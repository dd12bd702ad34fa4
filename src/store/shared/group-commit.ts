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
  /** Batches being committed by an asynchronous backend (the queue as it was when they started). */
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

  /**
   * Takes the whole queue and commits it, batch after batch, then asks for what came meanwhile.
   * With a synchronous backend (SQLite) all of it happens now, with no promise of its own.
   */
  readonly #commitQueue = (): Maybe<void> => {
    if (this.#turn !== null) clearImmediate(this.#turn);
    if (this.#linger !== null) clearTimeout(this.#linger);
    this.#turn = null;
    this.#linger = null;
    const taken = this.#queue;
    this.#queue = [];
    const size = this.#maxBatch;
    const done = inOrder(Math.ceil(taken.length / size), (i) => this.#commitBatch(taken.length <= size ? taken : taken.slice(i * size, (i + 1) * size)));
    if (done === undefined) return this.#next();
    const committing = done.then(() => {
      this.#committing = null;
      this.#next();
    });
    this.#committing = committing;
    return committing;
  };

  #next(): void {
    if (this.#queue.some((p) => !p.lazy)) this.#askForTurn();
    else if (this.#queue.length > 0) this.#linger ??= setTimeout(this.#commitQueue, this.#lingerMs);
  }

  #commitBatch(batch: ReadonlyArray<Pending<W, R>>): Maybe<void> {
    if (!this.#backend.isOpen()) return refuse(batch, new Error('the store is closed'));
    return attempt(
      () => this.#backend.commit(batch.map((p) => p.write)),
      (results) => batch.forEach((p, i) => p.resolve(results[i] as R)),
      (error) => (batch.length === 1 || this.#storeFailed(error) ? refuse(batch, error) : this.#commitEachAlone(batch)),
    );
  }

  /** Rule 1: each write of a failed batch again, in a transaction of its own, in order (rule 2 stops it). */
  #commitEachAlone(batch: ReadonlyArray<Pending<W, R>>): Maybe<void> {
    return inOrder(batch.length, (i) => {
      const p = batch[i] as Pending<W, R>;
      return attempt<readonly R[], boolean | void>(
        () => this.#backend.commit([p.write]),
        ([result]) => p.resolve(result as R),
        (error) => {
          p.reject(error);
          if (!this.#storeFailed(error)) return;
          refuse(batch.slice(i + 1), error);
          return STOP;
        },
      );
    });
  }

  #storeFailed(error: unknown): boolean {
    return !this.#backend.isOpen() || this.#backend.isStoreFailure(error);
  }
}

/** A value now (a synchronous backend) or later (an asynchronous one). */
type Maybe<T> = T | Promise<T>;

const STOP = false;

/** `run`, then `ok` with its value or `failed` with its error; synchronous while `run` is. */
function attempt<T, U>(run: () => Maybe<T>, ok: (value: T) => U, failed: (error: unknown) => Maybe<U>): Maybe<U> {
  let value: Maybe<T>;
  try {
    value = run();
  } catch (error) {
    return failed(error);
  }
  return value instanceof Promise ? value.then(ok, failed) : ok(value);
}

/** `step(0)`, `step(1)`, … up to `count`, each after the one before has settled, until one answers STOP. */
function inOrder(count: number, step: (i: number) => Maybe<boolean | void>, from = 0): Maybe<void> {
  for (let i = from; i < count; i++) {
    const more = step(i);
    if (more instanceof Promise) return more.then((m) => (m === STOP ? undefined : inOrder(count, step, i + 1)));
    if (more === STOP) return undefined;
  }
  return undefined;
}

function refuse(batch: ReadonlyArray<{ readonly reject: (reason: unknown) => void }>, error: unknown): void {
  for (const p of batch) p.reject(error);
}
