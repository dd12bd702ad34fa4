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
    assert.deepEqual(parseStoreUrl('postgres://u:p@db/cordon'), { backend: 'postgres', url: 'postgres://u:p@db/cordon' });
    assert.deepEqual(parseStoreUrl(' postgresql://db/cordon '), { backend: 'postgres', url: 'postgresql://db/cordon' });
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

  test('a PostgreSQL server that does not answer fails at open, without echoing the password', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await assert.rejects(openStore('postgres://cordon:hunter2@127.0.0.1:1/cordon', deps), (err) => {
      assert.ok(isStoreError(err));
      assert.equal(err.code, 'store_open_failed');
      assert.match(err.message, /Cannot open the Cordon store at postgres:\/\/cordon:\*\*\*@127\.0\.0\.1:1\/cordon: nothing answers/);
      assert.ok(!err.message.includes('hunter2'));
      return true;
    });
  });
});
