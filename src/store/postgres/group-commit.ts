/**
 * Group commit on PostgreSQL. Items submitted while a batch is being written wait, and go together
 * in the next batch: one transaction (and one WAL flush) for all of them. At most one batch is in
 * flight per queue, so under load the batch grows to whatever arrived during one commit. `write`
 * settles each item it takes: it may reject some (a malformed entry) and commit the others; when it
 * throws, nothing of the batch was committed and every item rejects with that error.
 */

export interface Pending<I, O> {
  readonly item: I;
  resolve(value: O): void;
  reject(reason: unknown): void;
}

export class GroupCommit<I, O> {
  #queue: Array<Pending<I, O>> = [];
  #running: Promise<void> | null = null;

  constructor(
    private readonly write: (batch: ReadonlyArray<Pending<I, O>>) => Promise<void>,
    private readonly maxBatch = 2000,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Resolves once everything submitted so far is settled (close waits on it). */
  async flush(): Promise<void> {
    while (this.#running !== null) await this.#running;
  }

  async #drain(): Promise<void> {
    // Let the requests of this event-loop turn join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.maxBatch);
        try {
          await this.write(batch);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.#running = null;
    }
  }
}
