/** The usage rollup's day key (src/store/shared/usage-rollup.ts): remembered between calls, never stale. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utcDay } from '../../src/store/shared/usage-rollup.js';

test('each instant gets its own UTC day, in any order, across midnight and before 1970', () => {
  const midnight = Date.UTC(2026, 11, 7);
  const cases: Array<[number, string]> = [
    [midnight - 1, '2026-12-06'],
    [midnight, '2026-12-07'],
    [midnight - 1, '2026-12-06'],
    [midnight + 86_399_999, '2026-12-07'],
    [midnight + 86_400_000, '2026-12-08'],
    [midnight + 1, '2026-12-07'],
    [-1, '1969-12-31'],
    [0, '1970-01-01'],
    [Date.UTC(2024, 1, 29, 23, 59, 59, 999), '2024-02-29'],
  ];
  for (const [ms, day] of cases) assert.equal(utcDay(ms), day, String(ms));
  for (const [ms, day] of cases) assert.equal(utcDay(ms), new Date(ms).toISOString().slice(0, 10), day);
});
