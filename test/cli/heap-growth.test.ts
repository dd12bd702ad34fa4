/** `cordon serve` sets V8's heap growing factor unless the operator gave Node one or turned it off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapGrowthFlag } from '../../src/cli/heap-growth.js';
import { loadConfig } from '../../src/config/index.js';
import { nodeGivenHeapGrowth } from '../../src/config/load.js';

test('the configured percentage becomes the flag; 0 sets nothing', () => {
  assert.equal(heapGrowthFlag(50), '--heap-growing-percent=50');
  assert.equal(heapGrowthFlag(0), null);
});

test('a factor given to Node itself wins: the config then asks for none', () => {
  assert.equal(nodeGivenHeapGrowth(['--heap-growing-percent=80'], ''), true, 'on the command line');
  assert.equal(nodeGivenHeapGrowth(['--heap_growing_percent', '80'], ''), true, 'either spelling');
  assert.equal(nodeGivenHeapGrowth([], '--max-old-space-size=512 --heap-growing-percent=20'), true, 'in NODE_OPTIONS');
  assert.equal(nodeGivenHeapGrowth(['--max-old-space-size=512'], '--enable-source-maps'), false, 'other flags do not count');
  assert.equal(loadConfig({ file: null, env: { NODE_OPTIONS: '--heap-growing-percent=20' } }).server.heapGrowingPercent, 0);
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
