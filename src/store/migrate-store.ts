/**
 * Migrates the store a URL names and says what was done, for `cordon migrate`. Opening a store
 * migrates it anyway (every backend, on every open); this reports the versions before and after.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { parseStoreUrl } from './open-store.js';
import type { StoreDeps } from './port.js';
import { openPostgresStore, redactUrl } from './postgres/index.js';
import { MEMORY_PATH, openSqliteStore } from './sqlite/index.js';
import { MIGRATIONS } from './sqlite/migrations/index.js';

export interface MigrateReport {
  readonly backend: 'sqlite' | 'postgres';
  /** The file, or the server URL (password hidden) and schema. */
  readonly location: string;
  readonly from: number;
  readonly to: number;
}

export async function migrateStore(url: string, deps: StoreDeps): Promise<MigrateReport> {
  const location = parseStoreUrl(url);
  if (location.backend === 'postgres') {
    const store = await openPostgresStore({ ...deps, url: location.url });
    await store.close();
    const { from, to, schema } = store.migration;
    return { backend: 'postgres', location: `${redactUrl(location.url)} (schema ${schema})`, from, to };
  }
  const from = location.path === MEMORY_PATH ? 0 : sqliteVersion(location.path);
  await openSqliteStore({ ...deps, path: location.path }).close();
  return { backend: 'sqlite', location: location.path === MEMORY_PATH ? MEMORY_PATH : resolve(location.path), from, to: MIGRATIONS.length };
}

/** The version of a SQLite file before migrating: 0 when it does not exist or was never migrated. */
function sqliteVersion(path: string): number {
  if (!existsSync(path)) return 0;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (table === undefined) return 0;
    return db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get()?.v ?? 0;
  } catch {
    // Not a database (or unreadable): opening it below reports why.
    return 0;
  } finally {
    db?.close();
  }
}
