/**
 * Opens (creating if needed) a SQLite file for Cordon, sets the connection up and migrates it. Every
 * failure here (a corrupt or foreign file, a directory that cannot be created or written) becomes one
 * `store_open_failed` error naming the file, so a bad path fails at startup and never mid-request.
 */
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../store-error.js';
import { ensureDirectory } from './ensure-directory.js';
import { errorCode } from './error-code.js';
import { MIGRATIONS, migrate } from './migrations/index.js';

export const MEMORY_PATH = ':memory:';

export interface OpenDatabaseOptions {
  /** File path, or `:memory:` for a private in-memory database. */
  readonly path: string;
  /** How long a writer waits for another process's write lock before SQLITE_BUSY. */
  readonly busyTimeoutMs: number;
  readonly now: () => number;
  /** `normal` (default): durable against a killed process; `full`: also against power loss. */
  readonly synchronous?: 'normal' | 'full';
}

export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  const { path } = options;
  const shown = path === MEMORY_PATH ? path : resolve(path);
  let db: Database.Database | undefined;
  try {
    if (path !== MEMORY_PATH) ensureDirectory(dirname(shown));
    db = new Database(path, { timeout: options.busyTimeoutMs });
    configure(db, options.synchronous ?? 'normal');
    migrate(db, MIGRATIONS, options.now);
    return db;
  } catch (cause) {
    db?.close();
    throw new StoreError('store_open_failed', `Cannot open the Cordon store at ${shown}: ${describe(cause)}`, { cause });
  }
}

/**
 * WAL lets the gateway read while the CLI writes; busy_timeout (set through the constructor) makes a
 * second writer wait instead of failing; synchronous=NORMAL is durable against a killed process in WAL
 * mode (docs/store.md), FULL also against power loss at the cost of an fsync per commit (docs/audit.md).
 * The first statement also reads the header, so a non-database fails here.
 */
function configure(db: Database.Database, synchronous: 'normal' | 'full'): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
}

const HINTS: Readonly<Record<string, string>> = {
  SQLITE_NOTADB: 'the file is not a SQLite database (wrong path, or an encrypted or foreign file)',
  SQLITE_CORRUPT: 'the database file is corrupt; restore it from a backup',
  SQLITE_CANTOPEN: 'the file cannot be opened or created; check the path and that its directory is writable',
  SQLITE_READONLY: 'the file or its directory is read-only; Cordon needs to write it and the -wal and -shm files beside it',
  SQLITE_BUSY: 'another process held the database lock for longer than the busy timeout',
  EACCES: 'permission denied creating its directory',
  EPERM: 'permission denied creating its directory',
  EROFS: 'its directory is on a read-only file system',
  ENOTDIR: 'a component of its directory path is a file, not a directory',
  EEXIST: 'a component of its directory path is a file, not a directory',
  ENOENT: 'its directory cannot be created there',
};

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = errorCode(cause);
  if (code === undefined) return cause.message;
  const hint = HINTS[code] ?? HINTS[code.replace(/_[A-Z]+$/, '')];
  const detail = cause.message.startsWith(code) ? cause.message : `${code}: ${cause.message}`;
  return `${hint ?? 'unexpected error'} (${detail})`;
}
