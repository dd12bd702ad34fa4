/**
 * The SQLite backend: one file (or `:memory:`) holding every table, opened once per process. The CLI
 * and the gateway may hold the same file open at the same time (docs/store.md).
 */
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { Store, StoreDeps } from '../port.js';
import { defaultRandom } from '../secrets.js';
import { SqliteAccountStore } from './account-store.js';
import { SqliteAdminQueries } from './admin-queries.js';
import { SqliteAdminTokenStore } from './admin-token-store.js';
import { AuditJournal } from './audit-journal.js';
import { SqliteAuditStore } from './audit-store.js';
import { SqliteEnforcementStore } from './enforcement-store.js';
import { MEMORY_PATH, openDatabase } from './open-database.js';
import { SqlitePolicyVersions } from './policy-versions.js';
import { SqliteRecordedRequests } from './recorded-requests.js';
import { SqliteShadowStore } from './shadow-store.js';
import { SqliteUsageQueries } from './usage-queries.js';
import { ProjectionCatchUp, type PendingAppends } from './projection-catch-up.js';
import { SqliteGroupCommit } from './group-commit.js';

export { MEMORY_PATH } from './open-database.js';

/** Five seconds: far longer than any Cordon write transaction, short enough to report a stuck lock. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface SqliteStoreOptions extends StoreDeps {
  /** File path (its directory is created if missing), or `:memory:`. */
  readonly path: string;
  readonly busyTimeoutMs?: number;
  /** How long after an append the background catch-up (sealing, projections) starts; default 250 ms. */
  readonly catchUpDelayMs?: number;
}

/** Where a database file's audit journals live (ADR 0015): beside it, like its -wal and -shm files. */
export function auditJournalDirectory(path: string): string {
  return `${resolve(path)}-audit`;
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
    synchronous: options.synchronous ?? 'normal',
  });
  const accounts = new SqliteAccountStore(db, options.clock, options.random ?? defaultRandom);
  const adminTokens = new SqliteAdminTokenStore(db, options.clock, options.random ?? defaultRandom);
  const batcher = new SqliteGroupCommit(db);
  const journal = options.path === MEMORY_PATH ? null : openJournal(db, options);
  const pending: PendingAppends | undefined = journal === null ? undefined : { flush: () => journal.flush(), seal: (limit, sealed): number => audit.sealJournal(limit, sealed) };
  const projection = new ProjectionCatchUp(db, batcher, projectionErrorLog(options), pending, options.catchUpDelayMs);
  const catchUp = () => projection.sync();
  const audit: SqliteAuditStore = new SqliteAuditStore(db, batcher, projection, journal);
  const sealAll = db.transaction(() => audit.sealAll());
  if (journal?.writing === true) {
    // Journals a killed process left behind are sealed soon after start, and the sealed ones removed.
    journal.tidy();
    projection.schedule();
  }
  const enforcement = new SqliteEnforcementStore(db, options.clock, options.random ?? defaultRandom, audit, () => accounts.keysChanged());
  const evidence = {
    usage: new SqliteUsageQueries(db, catchUp),
    requests: new SqliteRecordedRequests(db, catchUp),
    policies: new SqlitePolicyVersions(db, audit),
    shadow: new SqliteShadowStore(db, batcher),
  };
  return {
    accounts,
    adminTokens,
    adminQueries: new SqliteAdminQueries(db, catchUp),
    enforcement,
    audit,
    evidence,
    path: options.path === MEMORY_PATH ? MEMORY_PATH : resolve(options.path),
    snapshot: () => {
      sealAll.immediate();
      return db.serialize();
    },
    // A committed write of the header's user version (unused by Cordon), its own value again: fails on a
    // read-only file, a WAL that cannot grow, an I/O error or a lock held past the busy timeout.
    ...(journal === null ? {} : { unsealedAuditBytes: () => journal.unsealedBytes() }),
    probeWrite: async () => {
      db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`);
    },
    close: async () => {
      // Writes already submitted (audit appends, shadow differences) are committed before closing.
      projection.close();
      await journal?.close(() => sealAll.immediate());
      await batcher.flush();
      if (db.open) db.close();
    },
  };
}

function openJournal(db: Database.Database, options: SqliteStoreOptions): AuditJournal {
  return new AuditJournal(db, {
    dir: auditJournalDirectory(options.path),
    write: options.auditJournal === true,
    synchronous: options.synchronous ?? 'normal',
    now: () => Date.now(),
    onProblem: (message, detail) => options.logger?.log('error', message, detail),
  });
}

/** Logs a record the projections could not read once per record, not on every catch-up that meets it again. */
function projectionErrorLog(options: SqliteStoreOptions): (error: unknown, seq: number) => void {
  let lastSeq = 0;
  return (error, seq) => {
    if (seq !== -1 && seq === lastSeq) return;
    lastSeq = seq;
    options.logger?.log('error', 'evidence projection failed', { seq: seq === -1 ? null : seq, error: String(error) });
  };
}
