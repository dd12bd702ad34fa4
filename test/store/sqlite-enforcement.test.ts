/** The EnforcementStore contract on SQLite (a file, and :memory:). */
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/index.js';
import { runEnforcementStoreConformance } from './enforcement-store.conformance.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-sqlite-enf-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

runEnforcementStoreConformance('sqlite file', async () => {
  const path = join(root, `case-${++counter}`, 'cordon.db');
  return {
    shared: true,
    open: async (deps) => openSqliteStore({ ...deps, path }),
    // Another connection to the file adds the trigger; the open store sees the schema change.
    refuseActionRecords: async () => {
      const db = new Database(path);
      try {
        db.exec(`CREATE TRIGGER refuse_action_records BEFORE INSERT ON audit_log WHEN NEW.kind = 'action'
                 BEGIN SELECT RAISE(ABORT, 'audit append refused (test)'); END`);
      } finally {
        db.close();
      }
    },
    dispose: async () => undefined,
  };
});
runEnforcementStoreConformance('sqlite :memory:', async () => ({ shared: false, open: async (deps) => openSqliteStore({ ...deps, path: ':memory:' }), dispose: async () => undefined }));
