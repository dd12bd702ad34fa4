/**
 * What only the PostgreSQL backend has: schemas and migrations under an advisory lock (several
 * instances starting at once), the change feed, and one audit chain written by several instances.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainVerifier, EMPTY_HEAD, type AuditEntry } from '../../src/audit/index.js';
import { isStoreError, openPostgresStore, type StoreChange } from '../../src/store/index.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';
import { freshSchema, postgresAvailable, sql, type TestSchema } from '../helpers/services.js';
import { manualClock } from './fixtures/fakes.js';

const { skip } = await postgresAvailable();
const clock = manualClock(Date.UTC(2026, 5, 1));

describe('PostgreSQL backend', { skip: skip ?? false }, () => {
  const schemas: TestSchema[] = [];
  after(() => Promise.all(schemas.map((s) => s.drop())));
  const schema = (): TestSchema => {
    const s = freshSchema();
    schemas.push(s);
    return s;
  };

  test('its migrations follow the SQLite ones step for step', () => {
    assert.deepEqual(
      PG_MIGRATIONS.map((m) => [m.version, m.name]),
      MIGRATIONS.map((m) => [m.version, m.name]),
      'a schema change needs a step on both backends, with the same version and name',
    );
  });

  test('instances starting at once on a new schema apply each step exactly once', async () => {
    const s = schema();
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore({ url: s.url, clock })));
    const applied = stores.filter((st) => st.migration.from === 0);
    assert.equal(applied.length, 1, 'one of them migrated; the others waited on the lock and found nothing to do');
    assert.ok(stores.every((st) => st.migration.to === PG_MIGRATIONS.length && st.migration.schema === s.name));
    await Promise.all(stores.map((st) => st.close()));
    const rows = await sql<{ version: number }>(s, 'SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), PG_MIGRATIONS.map((m) => m.version));
  });

  test('a schema another program uses is refused and left alone', async () => {
    const s = schema();
    await sql(s, `CREATE SCHEMA ${s.name}; CREATE TABLE ${s.name}.photos (id int)`);
    await assert.rejects(openPostgresStore({ url: s.url, clock }), (err) => isStoreError(err) && err.code === 'store_open_failed' && /not a Cordon store \(it has tables photos/.test(err.message));
    assert.deepEqual(await sql(s, "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'tenants'", [s.name]), []);
  });

  test('a schema from a newer Cordon is refused', async () => {
    const s = schema();
    await (await openPostgresStore({ url: s.url, clock })).close();
    await sql(s, "INSERT INTO schema_migrations VALUES (99, 'future', 0)");
    await assert.rejects(openPostgresStore({ url: s.url, clock }), /version 99, newer than this Cordon knows/);
  });

  test('the change feed tells every instance about key, policy and shadow changes, and only its own schema’s', async () => {
    const s = schema();
    const other = schema();
    const [a, b, elsewhere] = await Promise.all([openPostgresStore({ url: s.url, clock }), openPostgresStore({ url: s.url, clock }), openPostgresStore({ url: other.url, clock })]);
    try {
      const seen: StoreChange[] = [];
      assert.equal(b.changes?.connected, true);
      b.changes?.subscribe((c) => seen.push(c));
      const tenant = await a.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
      const { key } = await a.accounts.createKey(tenant.id);
      await a.enforcement.applyAction({ keyId: key.id, tenantId: tenant.id, kind: 'suspend', at: clock.now(), until: clock.now() + 60_000, actor: 'ladder', rule: 'ladder.suspend', score: 10, note: null, violationIds: [], evidence: {} });
      await a.evidence.policies.add({ document: 'version: 1', hash: 'a'.repeat(64), source: 'p.yaml', author: 'alice', reason: 'r', approval: null, action: 'apply', restores: null, opensAtLaw: [], createdAt: clock.now(), effectiveFrom: clock.now(), previous: null });
      // Notices reach a listener in commit order: one from the other schema, committed before the last
      // change here, would have arrived before the last change's notice. So waiting for that is enough.
      const last = new Promise<void>((resolve) => b.changes?.subscribe((c) => c.topic === 'shadow' && resolve()));
      const otherTenant = await elsewhere.accounts.ensureTenant({ name: 'other', registeredCountry: null });
      await elsewhere.accounts.revokeKey((await elsewhere.accounts.createKey(otherTenant.id)).key.id);
      await a.evidence.shadow.set({ document: 'version: 1', hash: 'b'.repeat(64), source: 's.yaml', startedAt: clock.now() });
      await last;
      assert.deepEqual(seen, [{ topic: 'key', id: key.id }, { topic: 'policy' }, { topic: 'shadow' }]);
    } finally {
      await Promise.all([a.close(), b.close(), elsewhere.close()]);
    }
  });

  test('several instances append to one chain: one order, no gap, no fork', async () => {
    const s = schema();
    const instances = await Promise.all(Array.from({ length: 3 }, () => openPostgresStore({ url: s.url, clock })));
    try {
      const entry = (who: number, i: number): AuditEntry => ({ kind: 'action', at: clock.now() + i, ref: `key_${who}`, data: { who, i } });
      // 3 instances × 200 appends, all in flight at once: each instance groups its own into batches.
      await Promise.all(instances.flatMap((st, who) => Array.from({ length: 200 }, (_, i) => st.audit.append(entry(who, i)))));
      const records = await instances[0]!.audit.read({ limit: 10_000 });
      assert.deepEqual(records.map((r) => r.seq), Array.from({ length: 600 }, (_, i) => i + 1));
      const verifier = new ChainVerifier(EMPTY_HEAD);
      for (const r of records) verifier.push(r);
      const report = verifier.finish();
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.deepEqual(await instances[1]!.audit.head(), { seq: 600, hash: records.at(-1)?.hash });
      for (let who = 0; who < 3; who++) {
        const mine = records.filter((r) => r.data.who === who).map((r) => r.data.i);
        assert.deepEqual(mine, Array.from({ length: 200 }, (_, i) => i), `instance ${who}'s records keep their order`);
      }
    } finally {
      await Promise.all(instances.map((st) => st.close()));
    }
  });

  test('policy versions applied from several instances at once are numbered without gaps', async () => {
    const s = schema();
    const [a, b] = await Promise.all([openPostgresStore({ url: s.url, clock }), openPostgresStore({ url: s.url, clock })]);
    try {
      const version = (n: number) => ({ document: `# ${n}`, hash: String(n % 10).repeat(64), source: `v${n}.yaml`, author: 'alice', reason: 'r', approval: null, action: 'apply' as const, restores: null, opensAtLaw: [], createdAt: clock.now(), effectiveFrom: clock.now(), previous: null });
      const added = await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 === 0 ? a : b).evidence.policies.add(version(n))));
      assert.deepEqual(added.map((v) => v.id).sort((x, y) => x - y), Array.from({ length: 10 }, (_, i) => i + 1));
      const changes = await a.audit.read({ limit: 100 });
      assert.deepEqual(changes.map((r) => r.kind), Array(10).fill('policy_change'));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
