/**
 * The preset catalog cached as JSON (src/app/preset-cache.ts) is the catalog the YAML gives, and any
 * change to a list is seen on the next load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPresetCatalogCached } from '../../src/app/preset-cache.js';
import { compilePolicy, defaultPresetsDir, loadDefaultPolicy, loadPresetCatalog } from '../../src/policy/index.js';

test('a cached catalog equals the parsed one, and a changed list is parsed again', () => {
  const root = mkdtempSync(join(tmpdir(), 'cordon-preset-cache-'));
  try {
    const presets = join(root, 'presets');
    const cache = join(root, 'cache');
    cpSync(defaultPresetsDir(), presets, { recursive: true });
    const parsed = loadPresetCatalog(presets);
    const first = loadPresetCatalogCached(cache, presets);
    assert.equal(readdirSync(cache).filter((n) => n.startsWith('presets-')).length, 1, 'written once');
    const second = loadPresetCatalogCached(cache, presets);
    assert.deepEqual(second, parsed, 'read back from the cache: the same catalog');
    assert.deepEqual(first, parsed);
    const hash = (c: typeof parsed) => compilePolicy(loadDefaultPolicy(c), { presets: c }).hash;
    assert.equal(hash(second), hash(parsed), 'and the same policy hash');

    // Cuba taken off the US list: the cache is keyed by content, so the change is seen at once.
    const us = join(presets, 'law', 'us-sanctions', readdirSync(join(presets, 'law', 'us-sanctions'))[0] as string);
    writeFileSync(us, readFileSync(us, 'utf8').replace(/\n {2}- id: law\.us_sanctions\.cu\n( {4}.*\n)+/, '\n'));
    const changed = loadPresetCatalogCached(cache, presets);
    assert.equal(changed.law.get('us-sanctions')?.rules.some((r) => r.id === 'law.us_sanctions.cu'), false);
    assert.deepEqual(changed, loadPresetCatalog(presets));
    assert.equal(readdirSync(cache).filter((n) => n.startsWith('presets-')).length, 1, 'the older entry is removed');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
