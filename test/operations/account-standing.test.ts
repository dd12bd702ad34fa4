/**
 * A key's or a tenant's standing (src/operations/account-standing.ts), as `cordon accounts show` and
 * `GET /admin/accounts/{key}` both show it, on a real SQLite store with the default ladder (warn and
 * suspend over 1 h, block over 7 d): each key is scored on its own violations inside each rung's
 * window, and the evidence lists are the newest `limit`.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewViolation } from '../../src/domain/enforcement.js';
import { accountStanding } from '../../src/operations/index.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { settingsFrom } from '../enforcement/policy-fixture.js';
import { manualClock } from '../store/fixtures/fakes.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const ORIGIN = { network: '175.45.176.0/24', source: 'forwarded', country: 'KP', subdivisions: [], city: null, asn: 131279, org: 'Star JV', anonymizer: [] } as const;
let store: SqliteStore;

beforeEach(() => {
  store = openSqliteStore({ path: ':memory:', clock: manualClock(NOW) });
});
afterEach(() => store.close());

function violation(keyId: string, tenantId: string, weight: number, at: number, n: number): NewViolation {
  return { keyId, tenantId, signal: 'denied_region', rule: 'enforcement.denied_region', weight, at, requestId: `dec_${n}`, origin: ORIGIN, detail: {} };
}

async function seed() {
  const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: 'US' });
  const { key: a } = await store.accounts.createKey(tenant.id);
  const { key: b } = await store.accounts.createKey(tenant.id);
  await store.enforcement.recordViolations([
    violation(a.id, tenant.id, 2, NOW - 10 * 60_000, 1),
    violation(a.id, tenant.id, 1, NOW - 30 * 60_000, 2),
    // Outside the 1 h rungs, inside the 7 d one.
    violation(a.id, tenant.id, 5, NOW - 3 * HOUR, 3),
    violation(b.id, tenant.id, 4, NOW - 5 * 60_000, 4),
  ]);
  return { tenant, a, b };
}

const deps = () => ({ accounts: store.accounts, enforcement: store.enforcement, settings: settingsFrom() });
const scoreOf = (scores: readonly { rung: { action: string }; score: number }[]) => Object.fromEntries(scores.map((s) => [s.rung.action, s.score]));

test('every key of a tenant is scored on its own violations, each rung over its own window', async () => {
  const { tenant, a, b } = await seed();
  const standing = await accountStanding(deps(), { tenant, key: null }, 20, NOW);
  const byKey = new Map(standing.keys.map((k) => [k.key.id, scoreOf(k.scores)]));
  assert.deepEqual(byKey.get(a.id), { warn: 3, suspend: 3, block: 8 });
  assert.deepEqual(byKey.get(b.id), { warn: 4, suspend: 4, block: 4 });
  assert.equal(standing.violations.length, 4);
  assert.equal(standing.policy.ladder.length, 3);
});

test('one key: its evidence only, the newest `limit` first', async () => {
  const { tenant, a } = await seed();
  const standing = await accountStanding(deps(), { tenant, key: a }, 2, NOW);
  assert.deepEqual(standing.keys.map((k) => k.key.id), [a.id]);
  assert.deepEqual(standing.violations.map((v) => v.requestId), ['dec_1', 'dec_2']);
  assert.deepEqual(standing.actions, []);
});
