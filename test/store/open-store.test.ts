/** Store URLs: which backend and path each form names, and clear errors for the rest. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStoreError, openStore, parseStoreUrl } from '../../src/store/index.js';
import { manualClock } from './fixtures/fakes.js';

describe('parseStoreUrl', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['sqlite:./data/cordon.db', './data/cordon.db'],
    ['sqlite:cordon.sqlite', 'cordon.sqlite'],
    ['sqlite:///var/lib/cordon/cordon.db', '/var/lib/cordon/cordon.db'],
    ['sqlite://relative/cordon.db', 'relative/cordon.db'],
    ['sqlite::memory:', ':memory:'],
    ['SQLite:/tmp/store', '/tmp/store'],
    ['/var/lib/cordon/cordon.db', '/var/lib/cordon/cordon.db'],
    ['./cordon.sqlite', './cordon.sqlite'],
    ['cordon.sqlite3', 'cordon.sqlite3'],
    ['C:\\cordon\\cordon.db', 'C:\\cordon\\cordon.db'],
  ];
  for (const [url, path] of cases) {
    test(`${url} → sqlite ${path}`, () => assert.deepEqual(parseStoreUrl(url), { backend: 'sqlite', path }));
  }

  test('postgres URLs are recognised', () => {
    assert.deepEqual(parseStoreUrl('postgres://u:p@db/cordon'), { backend: 'postgres' });
    assert.deepEqual(parseStoreUrl('postgresql://db/cordon'), { backend: 'postgres' });
  });

  for (const url of ['', 'sqlite:', 'cordon', './cordon.txt', 'mysql://db/cordon', 'redis://cache']) {
    test(`"${url}" is refused clearly`, () =>
      assert.throws(() => parseStoreUrl(url), (err) => isStoreError(err) && err.code === 'store_unsupported_url' && err.message.length > 20));
  }
});

describe('openStore', () => {
  const root = mkdtempSync(join(tmpdir(), 'cordon-open-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const deps = { clock: manualClock() };

  test('opens a SQLite file from a sqlite: URL', async () => {
    const path = join(root, 'cordon.db');
    const store = await openStore(`sqlite:${path}`, deps);
    await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
    await store.close();
    assert.ok(existsSync(path));
  });

  test('opens a private in-memory store', async () => {
    const store = await openStore('sqlite::memory:', deps);
    assert.deepEqual(await store.accounts.listTenants(), []);
    await store.close();
  });

  test('PostgreSQL is not supported yet, and the password is not echoed', async () => {
    await assert.rejects(openStore('postgres://cordon:hunter2@db:5432/cordon', deps), (err) => {
      assert.ok(isStoreError(err));
      assert.equal(err.code, 'store_unsupported_url');
      assert.match(err.message, /PostgreSQL .*not supported yet/);
      assert.ok(!err.message.includes('hunter2'));
      return true;
    });
  });
});
