/**
 * The PostgreSQL backend: every store conformance suite (the same ones SQLite runs), then what only
 * PostgreSQL has (schemas, concurrent migrations under the advisory lock, the change feed, one audit
 * chain with several writers). Each case runs in a schema of its own, dropped afterwards.
 */
import { test } from 'node:test';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { freshSchema, postgresAvailable, sql } from '../helpers/services.js';
import { runAccountStoreConformance, type ConformanceBackend } from './account-store.conformance.js';
import { runAdminStoreConformance } from './admin-store.conformance.js';
import { runEnforcementStoreConformance, type EnforcementBackend } from './enforcement-store.conformance.js';
import { runEvidenceStoreConformance } from './evidence-store.conformance.js';

const { skip } = await postgresAvailable();

function backend(): ConformanceBackend & EnforcementBackend {
  const schema = freshSchema();
  return {
    shared: true,
    open: (deps) => openPostgresStore({ ...deps, url: schema.url }),
    refuseActionRecords: async () => {
      await sql(schema, `CREATE FUNCTION refuse_action_records() RETURNS trigger LANGUAGE plpgsql AS $$
                         BEGIN RAISE EXCEPTION 'audit append refused (test)'; END $$`);
      await sql(schema, `CREATE TRIGGER refuse_action_records BEFORE INSERT ON audit_log FOR EACH ROW
                         WHEN (NEW.kind = 'action') EXECUTE FUNCTION refuse_action_records()`);
    },
    // Every persisted byte of the schema's tables, as text.
    rawContents: async () => {
      const tables = await sql<{ t: string }>(schema, 'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1', [schema.name]);
      const dumps = await Promise.all(tables.map(({ t }) => sql<{ row: string }>(schema, `SELECT row_to_json(x)::text AS row FROM ${t} x`)));
      return Buffer.from(dumps.flat().map((r) => r.row).join('\n'));
    },
    dispose: () => schema.drop(),
  };
}

if (skip === null) {
  runAccountStoreConformance('postgres', async () => backend());
  runEnforcementStoreConformance('postgres', async () => backend());
  runEvidenceStoreConformance('postgres', async () => backend());
  runAdminStoreConformance('postgres', async () => backend());
} else {
  test('PostgreSQL store conformance', { skip }, () => undefined);
}
