/** `cordon serve` sets V8's heap growing factor unless the operator gave Node one or turned it off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapGrowthFlag } from '../../src/cli/heap-growth.js';
import { loadConfig } from '../../src/config/index.js';

test('the configured percentage becomes the flag; 0 leaves V8 alone; a flag given to Node wins', () => {
  assert.equal(heapGrowthFlag(50, [], ''), '--heap-growing-percent=50');
  assert.equal(heapGrowthFlag(0, [], ''), null);
  assert.equal(heapGrowthFlag(50, ['--heap-growing-percent=80'], ''), null, 'on the command line');
  assert.equal(heapGrowthFlag(50, ['--heap_growing_percent', '80'], ''), null, 'either spelling');
  assert.equal(heapGrowthFlag(50, [], '--max-old-space-size=512 --heap-growing-percent=20'), null, 'in NODE_OPTIONS');
  assert.equal(heapGrowthFlag(50, ['--max-old-space-size=512'], '--enable-source-maps'), '--heap-growing-percent=50', 'other flags do not count');
});

test('the default is 50; the config file sets it, 0 included, and refuses a negative one', () => {
  assert.equal(loadConfig({ file: null, env: {} }).server.heapGrowingPercent, 50);
  const dir = mkdtempSync(join(tmpdir(), 'cordon-heap-'));
  try {
    const file = join(dir, 'cordon.yaml');
    writeFileSync(file, 'server:\n  heap_growing_percent: 0\n');
    assert.equal(loadConfig({ file, env: {} }).server.heapGrowingPercent, 0);
    writeFileSync(file, 'server:\n  heap_growing_percent: -5\n');
    assert.throws(() => loadConfig({ file, env: {} }), /heap_growing_percent/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
