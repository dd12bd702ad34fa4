/** Standing (src/enforcement/standing.ts): the refusal each key status gives at an instant, as a table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyStatus } from '../../src/domain/account.js';
import { standingRefusal } from '../../src/enforcement/index.js';

const NOW = Date.UTC(2026, 5, 1, 12);

const CASES: readonly [KeyStatus, number | null, string | null, string][] = [
  ['active', null, null, 'an active key is let through'],
  ['warned', null, null, 'a warned key is let through (the warning is the enforcer\'s)'],
  ['revoked', null, 'account_revoked_key', 'a revoked key is refused as invalid'],
  ['blocked', null, 'account_blocked', 'a blocked key is refused'],
  ['suspended', null, 'account_suspended', 'a suspension without an end refuses'],
  ['suspended', NOW + 1, 'account_suspended', 'a running suspension refuses'],
  ['suspended', NOW, null, 'a suspension ending now has ended'],
  ['suspended', NOW - 1, null, 'an ended suspension lets the key through'],
];

for (const [status, suspendedUntil, code, name] of CASES) {
  test(name, () => {
    assert.equal(standingRefusal({ status, suspendedUntil }, NOW)?.code ?? null, code);
  });
}

test('a suspension says until when, or until further notice', () => {
  assert.match(standingRefusal({ status: 'suspended', suspendedUntil: NOW + 1000 }, NOW)?.message ?? '', /2026-06-01T12:00:01\.000Z/);
  assert.match(standingRefusal({ status: 'suspended', suspendedUntil: null }, NOW)?.message ?? '', /further notice/);
});
