/**
 * The request path's key cache: on SQLite current from the next turn of the event loop (one generation
 * read per turn), kept current by this instance's own writes at once and by the change feed for other instances on PostgreSQL.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/store/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { KeyCache } from '../../src/store/shared/key-cache.js';
import { freshSchema, postgresAvailable } from '../helpers/services.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-key-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));
const clock = { now: () => Date.UTC(2026, 10, 28) };

const found = (id: string) => ({
  key: { id, tenantId: 'ten_a', prefix: 'sk-cordon-abc', status: 'active' as const, suspendedUntil: null, createdAt: 0, revokedAt: null },
  tenant: { id: 'ten_a', name: 'acme', registeredCountry: null, createdAt: 0 },
});

describe('KeyCache', () => {
  test('an answer read before a clear is not put back; the oldest entry goes when full', () => {
    const cache = new KeyCache(2);
    const before = cache.generation;
    cache.clear();
    cache.set('s1', found('key_1'), before);
    assert.equal(cache.get('s1'), undefined, 'read before the clear: dropped');
    cache.set('s1', found('key_1'), cache.generation);
    cache.set('s2', found('key_2'), cache.generation);
    cache.set('s3', found('key_3'), cache.generation);
    assert.equal(cache.get('s1'), undefined);
    assert.equal(cache.get('s3')?.key.id, 'key_3');
  });
});

/** Suspends `keyId` through the enforcement store, as the ladder does. */
async function suspend(store: Store, keyId: string, tenantId: string): Promise<void> {
  await store.enforcement.applyAction({ keyId, tenantId, kind: 'suspend', at: clock.now(), until: clock.now() + 3_600_000, actor: 'ladder', rule: 'ladder.suspend', score: 10, note: null, violationIds: [], evidence: {} });
}

/**
 * How another instance's change reaches `b`: on SQLite the first lookup of the next turn of the event
 * loop sees it (the generation row, read once per turn); on PostgreSQL the change feed's `key` notice
 * clears the cache, and the lookup after it sees it.
 */
type Propagation = 'next_turn' | 'change_feed';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function cachedThenChanged(a: Store, b: Store, propagation: Propagation): Promise<void> {
  const tenant = await a.accounts.ensureTenant({ name: 'acme', registeredCountry: 'DE' });
  const one = await a.accounts.createKey(tenant.id);
  assert.equal((await b.accounts.findKeyBySecret(one.secret))?.key.status, 'active');
  assert.equal((await b.accounts.findKeyBySecret(one.secret))?.key.status, 'active', 'cached now');
  await suspend(b, one.key.id, tenant.id);
  assert.equal((await b.accounts.findKeyBySecret(one.secret))?.key.status, 'suspended', "the instance's own change: at once");

  const two = await a.accounts.createKey(tenant.id);
  assert.equal((await b.accounts.findKeyBySecret(two.secret))?.key.status, 'active');
  assert.equal((await b.accounts.findKeyBySecret(two.secret))?.key.status, 'active', 'cached now');
  const noticed = propagation === 'change_feed' ? keyNotice(b, two.key.id) : Promise.resolve();
  await a.accounts.revokeKey(two.key.id);
  await (propagation === 'next_turn' ? nextTurn() : noticed);
  assert.equal((await b.accounts.findKeyBySecret(two.secret))?.key.status, 'revoked', `another instance's revoke, seen by the ${propagation === 'next_turn' ? 'first lookup of the next turn' : 'lookup after the change notice'}`);
}

/** Resolves when `store`'s change feed reports a change to `keyId`. */
function keyNotice(store: Store, keyId: string): Promise<void> {
  const feed = store.changes;
  assert.ok(feed, 'the store has a change feed');
  return new Promise((resolve) => {
    const stop = feed.subscribe((change) => {
      if (change.topic === 'key' && change.id === keyId) {
        stop();
        resolve();
      }
    });
  });
}

test('SQLite: another process\'s revoke is seen from the next turn of the event loop on', async () => {
  const path = join(root, 'cordon.sqlite');
  const a = openSqliteStore({ path, clock });
  const b = openSqliteStore({ path, clock });
  try {
    await cachedThenChanged(a, b, 'next_turn');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('SQLite: the lookups of one turn share one read of the generation', async () => {
  const path = join(root, 'one-turn.sqlite');
  const gateway = openSqliteStore({ path, clock });
  const cli = openSqliteStore({ path, clock });
  try {
    const tenant = await cli.accounts.ensureTenant({ name: 'acme', registeredCountry: 'US' });
    const { key, secret } = await cli.accounts.createKey(tenant.id);
    await nextTurn();
    // In one turn: a lookup (reads the generation, caches the key), the other process's revocation, a
    // second lookup — answered by the first read, like two requests in hand when the turn began.
    const first = gateway.accounts.findKeyBySecret(secret);
    const revoked = cli.accounts.revokeKey(key.id);
    const second = gateway.accounts.findKeyBySecret(secret);
    assert.deepEqual([(await first)?.key.status, (await revoked)?.status, (await second)?.key.status], ['active', 'revoked', 'active']);
    await nextTurn();
    assert.equal((await gateway.accounts.findKeyBySecret(secret))?.key.status, 'revoked');
  } finally {
    await Promise.all([gateway.close(), cli.close()]);
  }
});

const { skip } = await postgresAvailable();
test('PostgreSQL: own changes at once, another instance\'s through the change feed', { skip: skip ?? false }, async () => {
  const schema = freshSchema();
  const a = await openPostgresStore({ url: schema.url, clock });
  const b = await openPostgresStore({ url: schema.url, clock });
  try {
    await cachedThenChanged(a, b, 'change_feed');
  } finally {
    await Promise.all([a.close(), b.close()]);
    await schema.drop();
  }
});
