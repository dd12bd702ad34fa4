import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newDecisionId } from '../../src/http/decision-id.js';

test('decision ids: dec_ + 32 hex, the time first, so later ids sort after earlier ones', () => {
  const at = Date.UTC(2026, 10, 28, 21, 0, 0);
  const id = newDecisionId(at);
  assert.match(id, /^dec_[0-9a-f]{32}$/);
  assert.equal(Number.parseInt(id.slice(4, 16), 16), at);
  const later = newDecisionId(at + 1);
  assert.ok(later > id, `${later} sorts after ${id}`);
});

test('decision ids made in the same millisecond differ (80 random bits), across pool refills', () => {
  const at = Date.now();
  const ids = new Set(Array.from({ length: 5000 }, () => newDecisionId(at)));
  assert.equal(ids.size, 5000);
  assert.equal(new Set([...ids].map((id) => id.slice(16))).size, 5000, 'the random part alone is unique');
});
