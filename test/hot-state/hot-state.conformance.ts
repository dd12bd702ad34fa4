/**
 * The HotState contract, run against every backend (in process, Redis): windows, expiry and claims on
 * the caller's clock, atomic claims, and — for shared backends — one state seen by every instance.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SIGHTING_TEXT, type Sighting } from '../../src/enforcement/index.js';
import { TEXT, type HotState } from '../../src/hot-state/index.js';

export interface HotStateBackend {
  /** A hot state on this backend's data: empty at first; later calls share it when `shared`. */
  open(options?: { readonly maxMembers?: number }): Promise<HotState>;
  /** True when two open() calls see the same state (several instances on one Redis). */
  readonly shared: boolean;
  dispose(): Promise<void>;
}

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1);

export function runHotStateConformance(name: string, factory: () => Promise<HotStateBackend>, options: { readonly skip?: string | null } = {}): void {
  async function withHot(body: (hot: HotState, backend: HotStateBackend) => Promise<void>, open: { maxMembers?: number } = {}): Promise<void> {
    const backend = await factory();
    const hot = await backend.open(open);
    try {
      await body(hot, backend);
    } finally {
      await hot.close();
      await backend.dispose();
    }
  }

  describe(`HotState conformance: ${name}`, { skip: options.skip ?? false }, () => {
    test('a windowed set counts distinct members within the window, oldest first in the sample', () =>
      withHot(async (hot) => {
        assert.equal((await hot.addToWindow('k', 'US', T0, 10 * MIN)).distinct, 1);
        assert.equal((await hot.addToWindow('k', 'DE', T0 + MIN, 10 * MIN)).distinct, 2);
        assert.equal((await hot.addToWindow('k', 'US', T0 + 2 * MIN, 10 * MIN)).distinct, 2, 'a repeat is not new');
        assert.deepEqual(await hot.addToWindow('k', 'FR', T0 + 11 * MIN + 1, 10 * MIN), { distinct: 2, sample: ['US', 'FR'] }, 'DE left the window; US was refreshed');
        assert.equal((await hot.addToWindow('other', 'US', T0, 10 * MIN)).distinct, 1, 'names are separate');
      }));

    test('a set keeps at most its cap of members, dropping the oldest', () =>
      withHot(
        async (hot) => {
          let last = { distinct: 0, sample: [] as readonly string[] };
          for (const [i, m] of ['a', 'b', 'c', 'd', 'e'].entries()) last = await hot.addToWindow('k', m, T0 + i, MIN);
          assert.deepEqual(last, { distinct: 3, sample: ['c', 'd', 'e'] });
        },
        { maxMembers: 3 },
      ));

    test('the sample holds at most eight members', () =>
      withHot(async (hot) => {
        let last = { distinct: 0, sample: [] as readonly string[] };
        for (let i = 0; i < 12; i++) last = await hot.addToWindow('k', `m${i}`, T0 + i, MIN);
        assert.equal(last.distinct, 12);
        assert.deepEqual(last.sample, ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
      }));

    test('swap returns the previous value until it expires, on the caller’s clock', () =>
      withHot(async (hot) => {
        assert.equal(await hot.swap('k', 'one', TEXT, T0, MIN), null);
        assert.equal(await hot.swap('k', 'two|with a bar', TEXT, T0 + MIN - 1, MIN), 'one');
        assert.equal(await hot.swap('k', 'three', TEXT, T0 + MIN, MIN), 'two|with a bar');
        assert.equal(await hot.swap('k', 'four', TEXT, T0 + 3 * MIN, MIN), null, 'three expired');
      }));

    test('swap keeps a structured value through its codec (a sighting, its city holding the separator)', () =>
      withHot(async (hot) => {
        const first: Sighting = { at: T0, lat: 51.40359878540039, lon: -0.7617999911308289, precision: 'city', country: 'GB', city: 'Bracknell|East', radiusKm: 0 };
        const second: Sighting = { at: T0 + 1, lat: 35.7, lon: 51.4, precision: 'country', country: 'IR', city: null, radiusKm: 1234 };
        assert.equal(await hot.swap('travel:k', first, SIGHTING_TEXT, T0, MIN), null);
        assert.deepEqual(await hot.swap('travel:k', second, SIGHTING_TEXT, T0 + 1, MIN), first);
        assert.deepEqual(await hot.swap('travel:k', first, SIGHTING_TEXT, T0 + 2, MIN), second);
      }));

    test('claim: the first wins until the ttl passes', () =>
      withHot(async (hot) => {
        assert.equal(await hot.claim('nonce', T0, MIN), true);
        assert.equal(await hot.claim('nonce', T0 + MIN - 1, MIN), false);
        assert.equal(await hot.claim('nonce', T0 + MIN, MIN), true);
        assert.equal(await hot.claim('other', T0, MIN), true);
      }));

    test('concurrent claims of one name: exactly one wins', () =>
      withHot(async (hot) => {
        const results = await Promise.all(Array.from({ length: 50 }, () => hot.claim('race', T0, MIN)));
        assert.equal(results.filter(Boolean).length, 1);
      }));

    test('instances sharing the backend see one state', async (t) => {
      const backend = await factory();
      if (!backend.shared) {
        await backend.dispose();
        t.skip('this backend is private to one process');
        return;
      }
      const [a, b] = [await backend.open(), await backend.open()];
      try {
        await a.addToWindow('fan', 'US', T0, MIN);
        assert.equal((await b.addToWindow('fan', 'DE', T0 + 1, MIN)).distinct, 2);
        assert.equal(await a.claim('n', T0, MIN), true);
        assert.equal(await b.claim('n', T0, MIN), false, 'a nonce claimed on one instance is taken on the other');
        await a.swap('seen', 'here', TEXT, T0, MIN);
        assert.equal(await b.swap('seen', 'there', TEXT, T0 + 1, MIN), 'here');
      } finally {
        await Promise.all([a.close(), b.close()]);
        await backend.dispose();
      }
    });
  });
}
