/** The evidence store conformance suite on SQLite: a file (shared across opens; with and without the audit journal) and :memory:. */
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/index.js';
import { runEvidenceStoreConformance } from '../store/evidence-store.conformance.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-evidence-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

runEvidenceStoreConformance('sqlite file', async () => {
  const path = join(root, `case-${++n}`, 'cordon.sqlite');
  return { shared: true, open: async (deps) => openSqliteStore({ ...deps, path }), dispose: async () => undefined };
});

runEvidenceStoreConformance('sqlite file, synchronous=FULL', async () => {
  const path = join(root, `case-${++n}`, 'cordon.sqlite');
  return { shared: true, open: async (deps) => openSqliteStore({ ...deps, path, synchronous: 'full' }), dispose: async () => undefined };
});

runEvidenceStoreConformance('sqlite file, audit journal', async () => {
  const path = join(root, `case-${++n}`, 'cordon.sqlite');
  return { shared: true, open: async (deps) => openSqliteStore({ ...deps, path, auditJournal: true }), dispose: async () => undefined };
});

runEvidenceStoreConformance('sqlite file, audit journal, synchronous=FULL', async () => {
  const path = join(root, `case-${++n}`, 'cordon.sqlite');
  return { shared: true, open: async (deps) => openSqliteStore({ ...deps, path, auditJournal: true, synchronous: 'full' }), dispose: async () => undefined };
});

runEvidenceStoreConformance('sqlite :memory:', async () => ({ shared: false, open: async (deps) => openSqliteStore({ ...deps, path: ':memory:' }), dispose: async () => undefined }));
