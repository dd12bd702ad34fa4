/** `hot_state:` and `store.url` for several instances: defaults, environment overrides, clear errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from '../../src/config/index.js';

function load(doc: Record<string, unknown> | null, env: Record<string, string> = {}) {
  if (doc === null) return loadConfig({ env });
  const file = join(mkdtempSync(join(tmpdir(), 'cordon-hot-')), 'cordon.yaml');
  writeFileSync(file, stringify(doc));
  return loadConfig({ file, env });
}

describe('hot_state config', () => {
  test('in process by default', () => {
    assert.deepEqual(load(null).hotState, { url: null, prefix: 'cordon:' });
  });

  test('a Redis URL and prefix from the file; CORDON_REDIS_URL overrides the URL', () => {
    const doc = { hot_state: { url: 'redis://cache:6379/2', prefix: 'eu:' } };
    assert.deepEqual(load(doc).hotState, { url: 'redis://cache:6379/2', prefix: 'eu:' });
    assert.deepEqual(load(doc, { CORDON_REDIS_URL: 'rediss://other:6380' }).hotState, { url: 'rediss://other:6380', prefix: 'eu:' });
    assert.equal(load(null, { CORDON_REDIS_URL: 'redis://127.0.0.1:6379' }).hotState.url, 'redis://127.0.0.1:6379');
  });

  test('env:NAME reads the URL (with its password) from the environment', () => {
    assert.equal(load({ hot_state: { url: 'env:REDIS' } }, { REDIS: 'redis://:pw@cache:6379' }).hotState.url, 'redis://:pw@cache:6379');
    assert.throws(() => load({ hot_state: { url: 'env:REDIS' } }), (err) => err instanceof ConfigError && /hot_state\.url: environment variable REDIS is not set/.test(err.message));
  });

  test('anything but a Redis URL is refused with the path', () => {
    assert.throws(() => load({ hot_state: { url: 'http://cache' } }), (err) => err instanceof ConfigError && /hot_state\.url: expected a Redis URL/.test(err.message));
    assert.throws(() => load(null, { CORDON_REDIS_URL: 'cache:6379' }), (err) => err instanceof ConfigError && /CORDON_REDIS_URL: expected a Redis URL/.test(err.message));
    assert.throws(() => load({ hot_state: { host: 'x' } }), (err) => err instanceof ConfigError && /hot_state/.test(err.message));
  });

  test('a postgres:// store URL passes through as written; CORDON_STORE_URL overrides it', () => {
    assert.equal(load({ store: { url: 'postgres://cordon@db/cordon' } }).storeUrl, 'postgres://cordon@db/cordon');
    assert.equal(load(null, { CORDON_STORE_URL: 'postgresql://db/x' }).storeUrl, 'postgresql://db/x');
  });
});
