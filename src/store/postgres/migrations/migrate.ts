/**
 * Brings a PostgreSQL schema up to the newest version. Every pending step runs in one transaction
 * under a transaction-level advisory lock keyed by the schema, so instances starting at the same time
 * take turns: the first applies the steps, the others wait, then find nothing to do. PostgreSQL DDL is
 * transactional, so a failed step leaves the schema at the version it had.
 *
 * The schema is the first one on the connection's `search_path` (`public` unless the URL sets
 * `options=-c search_path=…`); it is created when missing.
 */
import type { Db, Queryable } from '../connection.js';
import { pendingSteps, type Migration } from '../../shared/migration.js';

export interface PgMigrationResult {
  readonly from: number;
  readonly to: number;
  /** The schema migrated. */
  readonly schema: string;
}

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at BIGINT  NOT NULL
  )`;

export async function migratePostgres(db: Db, steps: readonly Migration[], now: () => number): Promise<PgMigrationResult> {
  return db.transaction(async (tx) => {
    const schema = await targetSchema(tx);
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cordon.migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await assertCordonSchema(tx, schema);
    await tx.query(CREATE_TABLE);
    const [row] = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const from = row?.v ?? 0;
    for (const step of pendingSteps(steps, from)) {
      await tx.query(step.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [step.version, step.name, now()]);
    }
    return { from, to: steps.length, schema };
  });
}

/** The version a schema is at (0 when Cordon never migrated it), without changing anything. */
export async function schemaVersion(db: Queryable): Promise<number> {
  const [exists] = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (exists?.t === null || exists === undefined) return 0;
  const [row] = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return row?.v ?? 0;
}

/** The first schema of search_path, whether or not it exists yet. */
async function targetSchema(tx: Queryable): Promise<string> {
  const [row] = await tx.query<{ current: string | null; path: string; who: string }>(
    "SELECT current_schema() AS current, current_setting('search_path') AS path, current_user AS who",
  );
  if (row === undefined) throw new Error('the server did not say which schema to use');
  if (row.current !== null) return row.current;
  const first = row.path.split(',')[0]?.trim() ?? '';
  const name = first.startsWith('"') && first.endsWith('"') ? first.slice(1, -1).replaceAll('""', '"') : first.toLowerCase();
  if (name === '') throw new Error('search_path names no schema; set one in the URL (options=-c search_path=cordon)');
  return name === '$user' ? row.who : name;
}

/** Refuses to write Cordon's tables into a schema some other program uses. */
async function assertCordonSchema(tx: Queryable, schema: string): Promise<void> {
  const rows = await tx.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
    [schema],
  );
  const names = rows.map((r) => r.name);
  if (names.length > 0 && !names.includes('schema_migrations')) {
    throw new Error(`schema "${schema}" is not a Cordon store (it has tables ${names.slice(0, 5).join(', ')} and no schema_migrations); use an empty schema`);
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
