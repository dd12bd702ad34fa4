/** The admin ports (tokens, queries) on SQLite: a file, and :memory:. */
import { after } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/index.js';
import { runAdminStoreConformance } from './admin-store.conformance.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-sqlite-admin-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

runAdminStoreConformance('sqlite file', async () => {
  const path = join(root, `case-${++counter}`, 'cordon.db');
  return { open: async (deps) => openSqliteStore({ ...deps, path }), rawContents: async () => readFileSync(path), dispose: async () => undefined };
});
runAdminStoreConformance('sqlite :memory:', async () => ({ open: async (deps) => openSqliteStore({ ...deps, path: ':memory:' }), dispose: async () => undefined }));
