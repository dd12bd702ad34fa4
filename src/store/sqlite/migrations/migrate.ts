/**
 * Brings a database up to the newest schema. All pending steps run in one IMMEDIATE transaction, so
 * a database is always at a released version, and two processes opening the same new file at once
 * apply each step exactly once (the second waits on the write lock, then finds nothing to do).
 */
import type Database from 'better-sqlite3';
import { pendingSteps, type Migration } from '../../shared/migration.js';

export interface MigrationResult {
  /** Version before and after; equal when nothing was pending. */
  readonly from: number;
  readonly to: number;
}

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`;

export function migrate(db: Database.Database, steps: readonly Migration[], now: () => number): MigrationResult {
  const run = db.transaction((): MigrationResult => {
    assertCordonDatabase(db);
    db.exec(CREATE_TABLE);
    const from = currentVersion(db);
    const record = db.prepare<[number, string, number]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const step of pendingSteps(steps, from)) {
      db.exec(step.sql);
      record.run(step.version, step.name, now());
    }
    return { from, to: steps.length };
  });
  return run.immediate();
}

function currentVersion(db: Database.Database): number {
  const row = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

/** Refuses to write Cordon's tables into some other program's database. */
function assertCordonDatabase(db: Database.Database): void {
  const rows = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  const names = rows.map((r) => r.name);
  if (names.length > 0 && !names.includes('schema_migrations')) {
    throw new Error(`it is a SQLite database but not a Cordon store (it has tables ${names.slice(0, 5).join(', ')} and no schema_migrations)`);
  }
}
