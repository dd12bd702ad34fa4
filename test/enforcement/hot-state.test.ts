/** The in-process hot state: windows, expiry, caps; all on the caller's clock. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHotState, TEXT } from '../../src/hot-state/index.js';

const MIN = 60_000;

describe('MemoryHotState', () => {
  test('a windowed set counts distinct members seen within the window', async () => {
    const hot = new MemoryHotState();
    assert.equal((await hot.addToWindow('k', 'US', 0, 10 * MIN)).distinct, 1);
    assert.equal((await hot.addToWindow('k', 'DE', 1 * MIN, 10 * MIN)).distinct, 2);
    assert.equal((await hot.addToWindow('k', 'US', 2 * MIN, 10 * MIN)).distinct, 2, 'a repeat is not new');
    assert.deepEqual(await hot.addToWindow('k', 'FR', 11 * MIN + 1, 10 * MIN), { distinct: 2, sample: ['US', 'FR'] }, 'DE (at 1 min) left the window; US was refreshed at 2 min');
    assert.equal((await hot.addToWindow('other', 'US', 11 * MIN, 10 * MIN)).distinct, 1, 'names are separate');
  });

  test('a set saturates at its member cap, dropping the oldest', async () => {
    const hot = new MemoryHotState({ maxMembers: 3 });
    let last = { distinct: 0, sample: [] as readonly string[] };
    for (const m of ['a', 'b', 'c', 'd', 'e']) last = await hot.addToWindow('k', m, 0, MIN);
    assert.deepEqual(last, { distinct: 3, sample: ['c', 'd', 'e'] });
  });

  test('swap returns the previous value until it expires', async () => {
    const hot = new MemoryHotState();
    assert.equal(await hot.swap('k', 'one', TEXT, 0, MIN), null);
    assert.equal(await hot.swap('k', 'two', TEXT, MIN - 1, MIN), 'one');
    assert.equal(await hot.swap('k', 'three', TEXT, 2 * MIN, MIN), null, 'two expired at 2 min − 1 ms');
  });

  test('claim: the first wins until the ttl passes', async () => {
    const hot = new MemoryHotState();
    assert.equal(await hot.claim('nonce', 0, MIN), true);
    assert.equal(await hot.claim('nonce', MIN - 1, MIN), false);
    assert.equal(await hot.claim('nonce', MIN, MIN), true);
  });

  test('the number of names is bounded, least recently used out', async () => {
    const hot = new MemoryHotState({ maxNames: 2 });
    await hot.claim('a', 0, MIN);
    await hot.claim('b', 0, MIN);
    await hot.claim('c', 0, MIN);
    assert.equal(await hot.claim('a', 1, MIN), true, 'a was evicted');
    assert.equal(await hot.claim('c', 1, MIN), false);
  });
});
