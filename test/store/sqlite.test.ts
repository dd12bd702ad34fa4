/** The SQLite backend: the shared AccountStore contract, then what only SQLite has (files, migrations). */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { KEY_STATUSES } from '../../src/domain/account.js';
import { isStoreError, openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';
import { runAccountStoreConformance, type ConformanceBackend } from './account-store.conformance.js';
import { manualClock } from './fixtures/fakes.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-sqlite-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
/** A path in a directory that does not exist yet (the store creates it). */
const freshPath = (): string => join(root, `case-${++counter}`, 'nested', 'cordon.db');

function fileBackend(): ConformanceBackend {
  const path = freshPath();
  return {
    shared: true,
    open: async (deps) => openSqliteStore({ ...deps, path }),
    // The -wal file holds recent commits until a checkpoint copies them into the main file.
    rawContents: async () => Buffer.concat([path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p))),
    dispose: async () => undefined,
  };
}

function memoryBackend(): ConformanceBackend {
  let last: SqliteStore | undefined;
  return {
    shared: false,
    open: async (deps) => (last = openSqliteStore({ ...deps, path: ':memory:' })),
    rawContents: async () => last?.snapshot() ?? Buffer.alloc(0),
    dispose: async () => undefined,
  };
}

runAccountStoreConformance('sqlite file', async () => fileBackend());
runAccountStoreConformance('sqlite :memory:', async () => memoryBackend());

/** Asserts that `fn` throws store_open_failed with a message naming `path` and containing `detail`. */
function assertOpenFails(fn: () => unknown, path: string, detail: RegExp): void {
  assert.throws(fn, (err) => {
    assert.ok(isStoreError(err), String(err));
    assert.equal(err.code, 'store_open_failed');
    assert.ok(err.message.includes(path), err.message);
    assert.match(err.message, detail);
    return true;
  });
}

describe('sqlite store: files and migrations', () => {
  const clock = manualClock();

  test('creates the parent directory and sets WAL mode', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, clock });
    await store.close();
    assert.ok(existsSync(path));
    const raw = new Database(path, { readonly: true });
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    raw.close();
  });

  test('migrations are recorded once and reopening applies nothing new', async () => {
    const path = freshPath();
    clock.set(1_000);
    const first = openSqliteStore({ path, clock });
    const tenant = await first.accounts.ensureTenant({ name: 'acme', registeredCountry: 'DE' });
    await first.close();
    clock.set(2_000);
    const second = openSqliteStore({ path, clock });
    assert.deepEqual(await second.accounts.listTenants(), [tenant]);
    await second.close();
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
    raw.close();
    assert.deepEqual(rows, MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: 1_000 })));
  });

  test('a database from a newer Cordon is refused', async () => {
    const path = freshPath();
    await openSqliteStore({ path, clock }).close();
    const raw = new Database(path);
    raw.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(MIGRATIONS.length + 1, 'future', 0);
    raw.close();
    assertOpenFails(() => openSqliteStore({ path, clock }), path, /newer than this Cordon knows/);
  });

  test('another program’s SQLite database is refused, not written to', () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    raw.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    raw.close();
    assertOpenFails(() => openSqliteStore({ path, clock }), path, /not a Cordon store/);
    const check = new Database(path, { readonly: true });
    assert.equal(check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'tenants'").pluck().get(), 0);
    check.close();
  });

  test('a corrupt or non-SQLite file fails at open, naming the file', () => {
    const path = join(root, 'not-a-database.db');
    writeFileSync(path, 'This is a text file that someone configured as the store.\n'.repeat(100));
    assertOpenFails(() => openSqliteStore({ path, clock }), path, /SQLITE_NOTADB/);
    assert.equal(readFileSync(path, 'utf8').slice(0, 4), 'This', 'the file is left as it was');
  });

  test('a damaged database header fails at open', async () => {
    const path = freshPath();
    await openSqliteStore({ path, clock }).close();
    const bytes = readFileSync(path);
    writeFileSync(path, Buffer.concat([bytes.subarray(0, 16), Buffer.alloc(84, 0xff), bytes.subarray(100)]));
    assertOpenFails(() => openSqliteStore({ path, clock }), path, /SQLITE_(NOTADB|CORRUPT)/);
  });

  test('a path that cannot be created fails at open, naming it', () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, '');
    const path = join(blocker, 'sub', 'cordon.db');
    assertOpenFails(() => openSqliteStore({ path, clock }), path, /not a directory/);
  });

  test('a directory that mkdir cannot create fails once instead of looping', { skip: !existsSync('/proc/self') }, () => {
    const path = '/proc/self/cordon-test/cordon.db';
    assertOpenFails(() => openSqliteStore({ path, clock }), path, /directory cannot be created/);
  });

  test('the status vocabulary matches the schema', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, clock });
    const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
    const { key } = await store.accounts.createKey(tenant.id);
    const raw = new Database(path);
    const setStatus = raw.prepare<[string, string]>('UPDATE api_keys SET status = ? WHERE id = ?');
    for (const status of KEY_STATUSES) {
      setStatus.run(status, key.id);
      assert.equal((await store.accounts.getKey(key.id))?.status, status);
    }
    assert.throws(() => setStatus.run('paused', key.id), /CHECK constraint/);
    assert.throws(() => raw.prepare("UPDATE tenants SET registered_country = 'de'").run(), /CHECK constraint/);
    raw.close();
    await store.close();
  });
});
