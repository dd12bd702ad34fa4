/**
 * Group commit on SQLite (../shared/group-commit.ts): every batched write of the connection — audit
 * appends, shadow differences, projection steps — is a synchronous function run inside the batch's
 * `BEGIN IMMEDIATE` transaction, which better-sqlite3 commits when they all return and rolls back
 * when one throws. One queue per connection, since a connection has one transaction at a time.
 */
import type Database from 'better-sqlite3';
import { GroupCommit, type GroupCommitOptions } from '../shared/group-commit.js';
import { isStoreFailure } from './error-code.js';

type Write = () => unknown;

export class SqliteGroupCommit {
  readonly #writes: GroupCommit<Write, unknown>;

  constructor(db: Database.Database, options: GroupCommitOptions = {}) {
    const batch = db.transaction((writes: readonly Write[]) => writes.map((write) => write()));
    this.#writes = new GroupCommit<Write, unknown>({ commit: (writes) => batch.immediate(writes), isOpen: () => db.open, isStoreFailure }, options);
  }

  /** Runs `write` inside the next batch's transaction; resolves with its result once committed. */
  submit<T>(write: () => T): Promise<T> {
    return this.#writes.submit(write) as Promise<T>;
  }

  /** Runs `write` in a later batch without asking for one: the next `submit`'s, or alone after the linger time. */
  submitLazy<T>(write: () => T): Promise<T> {
    return this.#writes.submitLazy(write) as Promise<T>;
  }

  /** Commits everything queued now (readers call it first, so they see every write submitted before them). */
  flush(): Promise<void> {
    return this.#writes.flush();
  }
}
