/**
 * The operator's key actions and key lookup (src/operations/), on a real SQLite store: the CLI and the
 * admin API go through the same function, so a suspension records the same evidence from either, and a
 * key is found by id, by displayed prefix or (when allowed) by its secret.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findKey, takeKeyAction, type KeyActionRequest } from '../../src/operations/index.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { countingRandom, manualClock } from '../store/fixtures/fakes.js';

const HOUR = 3_600_000;

describe('operator key actions', () => {
  let store: SqliteStore;
  const clock = manualClock(Date.UTC(2026, 5, 1, 12, 0, 0, 250));

  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock });
  });
  afterEach(() => store.close());

  const deps = () => ({ accounts: store.accounts, enforcement: store.enforcement, notify: false });
  const request = (ref: string, over: Partial<KeyActionRequest> = {}): KeyActionRequest => ({
    ref,
    kind: 'suspend',
    note: 'resale suspected',
    forMs: 2 * HOUR,
    operator: 'alice',
    channel: { via: 'cli' },
    at: clock.now(),
    ...over,
  });

  test('the CLI and the admin API record the same evidence, times with milliseconds', async () => {
    const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: 'DE' });
    const { key } = await store.accounts.createKey(tenant.id);
    const first = await takeKeyAction(deps(), request(key.id));
    assert.equal(first.kind, 'taken');
    if (first.kind !== 'taken') return;
    assert.deepEqual(first.action.evidence, { previous_status: 'active', previous_suspended_until: null, via: 'cli' });
    assert.equal(first.action.actor, 'operator:alice');
    assert.equal(first.key.status, 'suspended', 'the key as it stands after the action');
    assert.equal(first.key.suspendedUntil, clock.now() + 2 * HOUR);

    const second = await takeKeyAction(deps(), request(key.prefix, { kind: 'block', forMs: null, operator: 'ops-token', channel: { via: 'admin_api', adminTokenId: 'adm_1' } }));
    assert.equal(second.kind, 'taken');
    if (second.kind !== 'taken') return;
    assert.deepEqual(second.action.evidence, {
      previous_status: 'suspended',
      previous_suspended_until: new Date(clock.now() + 2 * HOUR).toISOString(),
      via: 'admin_api',
      admin_token: 'adm_1',
    });
    assert.equal(second.action.until, null);
    assert.equal(second.key.status, 'blocked');
  });

  test('an action is announced to actionTaken once committed', async () => {
    const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
    const { key } = await store.accounts.createKey(tenant.id);
    const told: string[] = [];
    const result = await takeKeyAction({ ...deps(), actionTaken: (a) => told.push(`${a.kind} ${a.keyId}`) }, request(key.id, { kind: 'warn', forMs: null }));
    assert.equal(result.kind, 'taken');
    assert.deepEqual(told, [`warn ${key.id}`]);
    assert.deepEqual((await store.enforcement.listActions({ keyId: key.id })).map((a) => a.kind), ['warn']);
  });

  test('a revoked key, an unknown key and an ambiguous prefix take no action', async () => {
    const local = openSqliteStore({ path: ':memory:', clock, random: countingRandom() });
    try {
      const tenant = await local.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
      const one = await local.accounts.createKey(tenant.id);
      const two = await local.accounts.createKey(tenant.id);
      await local.accounts.revokeKey(two.key.id);
      const d = { accounts: local.accounts, enforcement: local.enforcement, notify: false };
      assert.deepEqual(await takeKeyAction(d, request(one.key.prefix)), { kind: 'ambiguous' });
      assert.deepEqual(await takeKeyAction(d, request('key_missing')), { kind: 'none' });
      const revoked = await takeKeyAction(d, request(two.key.id));
      assert.equal(revoked.kind, 'revoked');
      assert.deepEqual(await local.enforcement.listActions({ tenantId: tenant.id }), []);
    } finally {
      await local.close();
    }
  });

  test('findKey: by id, by prefix, by secret only when allowed', async () => {
    const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
    const { key, secret } = await store.accounts.createKey(tenant.id);
    for (const ref of [key.id, key.prefix]) {
      const found = await findKey(store.accounts, ref);
      assert.deepEqual(found.kind === 'found' ? [found.key.id, found.tenant.name] : found, [key.id, 'acme'], ref);
    }
    assert.deepEqual(await findKey(store.accounts, secret), { kind: 'none' }, 'a secret is not a name unless asked');
    const bySecret = await findKey(store.accounts, secret, { bySecret: true });
    assert.equal(bySecret.kind === 'found' ? bySecret.key.id : bySecret.kind, key.id);
  });
});
