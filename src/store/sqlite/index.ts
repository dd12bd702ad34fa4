/**
 * The SQLite backend: one file (or `:memory:`) holding every table, opened once per process. The CLI
 * and the gateway may hold the same file open at the same time (docs/store.md).
 */
import { resolve } from 'node:path';
import type { Store, StoreDeps } from '../port.js';
import { defaultRandom } from '../secrets.js';
import { SqliteAccountStore } from './account-store.js';
import { MEMORY_PATH, openDatabase } from './open-database.js';

export { MEMORY_PATH } from './open-database.js';

/** Five seconds: far longer than any Cordon write transaction, short enough to report a stuck lock. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface SqliteStoreOptions extends StoreDeps {
  /** File path (its directory is created if missing), or `:memory:`. */
  readonly path: string;
  readonly busyTimeoutMs?: number;
}

export interface SqliteStore extends Store {
  /** The absolute file path, or `:memory:`. */
  readonly path: string;
  /** A consistent copy of the whole database file, as bytes (backups; tests read it raw). */
  snapshot(): Buffer;
}

/** Opens and migrates the database; throws `StoreError('store_open_failed')` naming the file. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const db = openDatabase({
    path: options.path,
    busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    now: () => options.clock.now(),
  });
  const accounts = new SqliteAccountStore(db, options.clock, options.random ?? defaultRandom);
  return {
    accounts,
    path: options.path === MEMORY_PATH ? MEMORY_PATH : resolve(options.path),
    snapshot: () => db.serialize(),
    close: async () => {
      if (db.open) db.close();
    },
  };
}
