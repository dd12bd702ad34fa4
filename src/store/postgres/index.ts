/**
 * The PostgreSQL backend: every store port on one connection pool, for several Cordon instances
 * sharing one truth (docs/store.md, "PostgreSQL"). Opening connects, migrates under an advisory lock
 * and starts the change feed, all before it returns; a failure closes everything and throws one
 * `store_open_failed` naming the server (never the password).
 */
import type { Store, StoreDeps } from '../port.js';
import { defaultRandom } from '../secrets.js';
import { StoreError } from '../store-error.js';
import { PgAccountStore } from './account-store.js';
import { PgAdminQueries } from './admin-queries.js';
import { PgAdminTokenStore } from './admin-token-store.js';
import { PgAuditStore } from './audit-store.js';
import { KeyCache } from '../shared/key-cache.js';
import { PgChangeFeed } from './change-feed.js';
import { connect, redactUrl, sqlState, type Db } from './connection.js';
import { PgEnforcementStore } from './enforcement-store.js';
import { migratePostgres, PG_MIGRATIONS, type PgMigrationResult } from './migrations/index.js';
import { PgPolicyVersions } from './policy-versions.js';
import { PgRecordedRequests } from './recorded-requests.js';
import { PgShadowStore } from './shadow-store.js';
import { PgUsageQueries } from './usage-queries.js';

export { PG_MIGRATIONS } from './migrations/index.js';
export { redactUrl } from './connection.js';

export interface PostgresStoreOptions extends StoreDeps {
  /** `postgres://user:password@host:port/database?options=-c%20search_path%3Dcordon` */
  readonly url: string;
  /** Most pooled connections per instance; default 10. */
  readonly maxConnections?: number;
}

export interface PostgresStore extends Store {
  /** The schema the store lives in, and the migration that opening it ran. */
  readonly migration: PgMigrationResult;
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const { logger } = options;
  const db = connect({
    url: options.url,
    max: options.maxConnections,
    onIdleError: (error) => logger?.log('error', 'PostgreSQL connection lost; it is replaced on the next query', { error: error.message }),
  });
  let feed: PgChangeFeed | undefined;
  let migration: PgMigrationResult;
  try {
    migration = await migratePostgres(db, PG_MIGRATIONS, () => options.clock.now());
    feed = new PgChangeFeed({
      connect: db.dedicated,
      schema: migration.schema,
      onError: (error) => logger?.log('warn', 'PostgreSQL change feed interrupted; reconnecting', { error: error.message }),
    });
    await feed.start();
  } catch (cause) {
    await feed?.close();
    await db.end().catch(() => undefined);
    throw new StoreError('store_open_failed', `Cannot open the Cordon store at ${redactUrl(options.url)}: ${describe(cause)}`, { cause });
  }
  return assemble(db, feed, migration, options);
}

function assemble(db: Db, feed: PgChangeFeed, migration: PgMigrationResult, options: PostgresStoreOptions): PostgresStore {
  const random = options.random ?? defaultRandom;
  const audit = new PgAuditStore(db);
  // Found keys are cached while the change feed is up: a key change from any instance empties it
  // (this instance's own at once, others' through the feed); while the feed is down, no cache.
  const keyCache = new KeyCache();
  feed.subscribe((change) => {
    if (change.topic === 'key' || change.topic === 'resync') keyCache.clear();
  });
  const keys = {
    cache: keyCache,
    trusted: () => {
      if (feed.connected) return true;
      keyCache.clear();
      return false;
    },
  };
  const shadow = new PgShadowStore(db);
  let closed: Promise<void> | null = null;
  return {
    migration,
    accounts: new PgAccountStore(db, options.clock, random, keys),
    adminTokens: new PgAdminTokenStore(db, options.clock, random),
    adminQueries: new PgAdminQueries(db),
    enforcement: new PgEnforcementStore(db, options.clock, random, audit, () => keyCache.clear()),
    audit,
    evidence: {
      usage: new PgUsageQueries(db),
      requests: new PgRecordedRequests(db),
      policies: new PgPolicyVersions(db, audit),
      shadow,
    },
    changes: feed,
    // A failover can leave the URL on a read-only replica (or the database set read-only): reads work, writes fail.
    probeWrite: async () => {
      const [row] = await db.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
      if (row?.transaction_read_only !== 'off') throw new Error('the PostgreSQL server takes no writes (transaction_read_only is on)');
    },
    close: () =>
      (closed ??= (async () => {
        // Appends already submitted are committed (or fail) before the pool ends.
        await Promise.allSettled([audit.flush(), shadow.flush()]);
        await feed.close();
        await db.end();
      })()),
  };
}

const HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing answers at that address; is PostgreSQL running?',
  ENOTFOUND: 'the host name does not resolve',
  ETIMEDOUT: 'the server did not answer in time',
  '28P01': 'the password was refused',
  '28000': 'the user may not connect (pg_hba.conf)',
  '3D000': 'the database does not exist',
  '42501': 'the user lacks a privilege Cordon needs (CREATE on the schema)',
};

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = sqlState(cause);
  const hint = code === undefined ? undefined : HINTS[code];
  const message = cause.message === '' && cause instanceof AggregateError ? cause.errors.map(String).join('; ') : cause.message;
  return hint === undefined ? message : `${hint} (${code}: ${message})`;
}
