/**
 * The AccountStore contract, run against every backend (SQLite file, SQLite :memory:, PostgreSQL). A
 * backend test supplies a factory; each test gets a fresh, empty backend.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store, StoreDeps } from '../../src/store/index.js';
import { hashSecret, isStoreError } from '../../src/store/index.js';
import { countingRandom, manualClock } from './fixtures/fakes.js';

export interface ConformanceBackend {
  /** Opens a store on this backend's data: empty at first, the same data on every later call. */
  open(deps: StoreDeps): Promise<Store>;
  /** False when two open() calls cannot share data (a private in-memory database). */
  readonly shared: boolean;
  /** Everything the backend persisted, as bytes, for the "secrets are never stored" check. */
  rawContents(): Promise<Buffer>;
  dispose(): Promise<void>;
}

export type ConformanceFactory = () => Promise<ConformanceBackend>;

const SECRET_FORMAT = /^sk-cordon-[A-Za-z0-9_-]{32}$/;

export function runAccountStoreConformance(name: string, factory: ConformanceFactory): void {
  /** Runs `body` with a fresh backend and one open store, closing both afterwards. */
  async function withStore(body: (ctx: { store: Store; backend: ConformanceBackend; clock: ReturnType<typeof manualClock> }) => Promise<void>, deps: Partial<StoreDeps> = {}): Promise<void> {
    const backend = await factory();
    const clock = manualClock();
    const store = await backend.open({ clock, ...deps });
    try {
      await body({ store, backend, clock });
    } finally {
      await store.close();
      await backend.dispose();
    }
  }

  describe(`AccountStore conformance: ${name}`, () => {
    describe('tenants', () => {
      test('ensureTenant is idempotent by name and updates nothing', () =>
        withStore(async ({ store, clock }) => {
          const first = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: 'DE' });
          clock.advance(1000);
          const again = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: 'FR' });
          assert.deepEqual(again, first);
          assert.equal(first.registeredCountry, 'DE');
          assert.match(first.id, /^ten_[0-9a-f]{20}$/);
          assert.equal((await store.accounts.listTenants()).length, 1);
        }));

      test('tenants are found by id and name, unknown ones are null', () =>
        withStore(async ({ store, clock }) => {
          const acme = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
          clock.advance(1);
          const globex = await store.accounts.ensureTenant({ name: 'globex', registeredCountry: 'US' });
          assert.deepEqual(await store.accounts.getTenant(acme.id), acme);
          assert.deepEqual(await store.accounts.findTenantByName('globex'), globex);
          assert.equal(await store.accounts.getTenant('ten_missing'), null);
          assert.equal(await store.accounts.findTenantByName('initech'), null);
          assert.deepEqual(await store.accounts.listTenants(), [acme, globex]);
          assert.equal(acme.registeredCountry, null);
        }));

      test('createdAt comes from the injected clock', () =>
        withStore(async ({ store, clock }) => {
          clock.set(Date.UTC(2030, 4, 6, 7, 8, 9));
          const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
          assert.equal(tenant.createdAt, Date.UTC(2030, 4, 6, 7, 8, 9));
        }));
    });

    describe('keys', () => {
      test('a created key is found by its secret, with its tenant', () =>
        withStore(async ({ store, clock }) => {
          const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: 'DE' });
          clock.advance(5000);
          const { key, secret } = await store.accounts.createKey(tenant.id);
          assert.match(secret, SECRET_FORMAT);
          assert.match(key.id, /^key_[0-9a-f]{20}$/);
          assert.equal(key.prefix, secret.slice(0, 14));
          assert.deepEqual(
            { status: key.status, tenantId: key.tenantId, createdAt: key.createdAt, revokedAt: key.revokedAt, suspendedUntil: key.suspendedUntil },
            { status: 'active', tenantId: tenant.id, createdAt: clock.now(), revokedAt: null, suspendedUntil: null },
          );
          assert.deepEqual(await store.accounts.findKeyBySecret(secret), { key, tenant });
          assert.deepEqual(await store.accounts.getKey(key.id), key);
        }));

      test('a wrong, altered or empty secret finds nothing', () =>
        withStore(async ({ store }) => {
          const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
          const { secret } = await store.accounts.createKey(tenant.id);
          const last = secret.at(-1) === 'A' ? 'B' : 'A';
          for (const wrong of [secret.slice(0, -1) + last, secret + 'x', secret.slice(0, 14), '', `Bearer ${secret}`]) {
            assert.equal(await store.accounts.findKeyBySecret(wrong), null, wrong);
          }
          assert.equal(await store.accounts.getKey('key_missing'), null);
        }));

      test('creating a key for an unknown tenant fails clearly', () =>
        withStore(async ({ store }) => {
          await assert.rejects(store.accounts.createKey('ten_missing'), (err) => isStoreError(err) && err.code === 'store_unknown_tenant');
        }));

      test('ids and secrets come from the injected random source', () =>
        withStore(
          async ({ store }) => {
            const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
            const { key, secret } = await store.accounts.createKey(tenant.id);
            // countingRandom yields zero bytes but for a counter in the last four.
            assert.match(tenant.id, /^ten_0{16}[0-9a-f]{4}$/);
            assert.match(key.id, /^key_0{16}[0-9a-f]{4}$/);
            assert.match(secret, /^sk-cordon-A{26}[A-Za-z0-9_-]{6}$/);
          },
          { random: countingRandom() },
        ));

      test('keys are listed in creation order, all or by tenant', () =>
        withStore(async ({ store, clock }) => {
          const acme = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
          const globex = await store.accounts.ensureTenant({ name: 'globex', registeredCountry: null });
          const a1 = (await store.accounts.createKey(acme.id)).key;
          const g1 = (await store.accounts.createKey(globex.id)).key;
          clock.advance(1);
          const a2 = (await store.accounts.createKey(acme.id)).key;
          assert.deepEqual(await store.accounts.listKeys(), [a1, g1, a2]);
          assert.deepEqual(await store.accounts.listKeys({ tenantId: acme.id }), [a1, a2]);
          assert.deepEqual(await store.accounts.listKeys({ tenantId: globex.id }), [g1]);
          assert.deepEqual(await store.accounts.listKeys({ tenantId: 'ten_missing' }), []);
        }));
    });

    describe('revocation', () => {
      test('revoke by id: status and time set, key still found by secret', () =>
        withStore(async ({ store, clock }) => {
          const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
          const { key, secret } = await store.accounts.createKey(tenant.id);
          clock.advance(60_000);
          const revoked = await store.accounts.revokeKey(key.id);
          assert.deepEqual(revoked, { ...key, status: 'revoked', revokedAt: clock.now() });
          assert.deepEqual((await store.accounts.findKeyBySecret(secret))?.key, revoked);
          clock.advance(60_000);
          assert.deepEqual(await store.accounts.revokeKey(key.id), revoked, 'revoking again changes nothing');
        }));

      test('revoke by displayed prefix when it names one key', () =>
        withStore(async ({ store }) => {
          const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
          const { key } = await store.accounts.createKey(tenant.id);
          const revoked = await store.accounts.revokeKey(key.prefix);
          assert.equal(revoked?.id, key.id);
          assert.equal(revoked?.status, 'revoked');
        }));

      test('an ambiguous prefix throws and revokes nothing', () =>
        withStore(
          async ({ store }) => {
            const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
            const one = await store.accounts.createKey(tenant.id);
            const two = await store.accounts.createKey(tenant.id);
            assert.equal(one.key.prefix, two.key.prefix);
            await assert.rejects(store.accounts.revokeKey(one.key.prefix), (err) => isStoreError(err) && err.code === 'store_ambiguous_prefix' && err.message.includes(one.key.prefix));
            const statuses = (await store.accounts.listKeys()).map((k) => k.status);
            assert.deepEqual(statuses, ['active', 'active']);
            assert.equal((await store.accounts.revokeKey(two.key.id))?.status, 'revoked', 'the id still works');
          },
          { random: countingRandom() },
        ));

      test('findKeysByPrefix: the keys of exactly that displayed prefix, oldest first', () =>
        withStore(
          async ({ store, clock }) => {
            const acme = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
            const globex = await store.accounts.ensureTenant({ name: 'globex', registeredCountry: null });
            const one = await store.accounts.createKey(acme.id);
            clock.advance(1000);
            const two = await store.accounts.createKey(globex.id);
            assert.equal(one.key.prefix, two.key.prefix, 'the counting random gives both keys one prefix');
            await store.accounts.revokeKey(two.key.id);
            assert.deepEqual((await store.accounts.findKeysByPrefix(one.key.prefix)).map((k) => [k.id, k.tenantId, k.status]), [
              [one.key.id, acme.id, 'active'],
              [two.key.id, globex.id, 'revoked'],
            ]);
            assert.deepEqual(await store.accounts.findKeysByPrefix(one.key.prefix.slice(0, -1)), [], 'a shorter prefix is not a match');
            assert.deepEqual(await store.accounts.findKeysByPrefix(one.key.id), [], 'an id is not a prefix');
          },
          { random: countingRandom() },
        ));

      test('findKeysByPrefix finds one key by its own prefix and none for another', () =>
        withStore(async ({ store }) => {
          const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
          const { key } = await store.accounts.createKey(tenant.id);
          assert.deepEqual(await store.accounts.findKeysByPrefix(key.prefix), [key]);
          assert.deepEqual(await store.accounts.findKeysByPrefix('sk-cordon-zzzz'), []);
        }));

      test('an unknown id or prefix revokes nothing and returns null', () =>
        withStore(async ({ store }) => {
          const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
          await store.accounts.createKey(tenant.id);
          assert.equal(await store.accounts.revokeKey('key_missing'), null);
          assert.equal(await store.accounts.revokeKey('sk-cordon-'), null, 'a shorter prefix is not a match');
          assert.deepEqual((await store.accounts.listKeys()).map((k) => k.status), ['active']);
        }));
    });

    test('secrets are never stored, only their hash', () =>
      withStore(async ({ store, backend }) => {
        const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: null });
        const secrets = [(await store.accounts.createKey(tenant.id)).secret, (await store.accounts.createKey(tenant.id)).secret];
        const raw = await backend.rawContents();
        for (const secret of secrets) {
          assert.ok(raw.includes(hashSecret(secret)), 'the hash is stored (so the raw read sees the data)');
          assert.ok(!raw.includes(secret), 'the full secret is not stored');
          assert.ok(!raw.includes(secret.slice(14)), 'the part after the displayed prefix is not stored');
        }
      }));

    test('two store instances on the same data see each other’s writes', async (t) => {
      const backend = await factory();
      if (!backend.shared) {
        await backend.dispose();
        t.skip('this backend cannot be opened twice');
        return;
      }
      const clock = manualClock();
      const cli = await backend.open({ clock });
      const gateway = await backend.open({ clock });
      try {
        const tenant = await cli.accounts.ensureTenant({ name: 'acme', registeredCountry: 'US' });
        assert.deepEqual(await gateway.accounts.ensureTenant({ name: 'acme', registeredCountry: null }), tenant);
        const { key, secret } = await cli.accounts.createKey(tenant.id);
        assert.deepEqual(await gateway.accounts.findKeyBySecret(secret), { key, tenant });
        clock.advance(1);
        await gateway.accounts.revokeKey(key.id);
        assert.equal((await cli.accounts.findKeyBySecret(secret))?.key.status, 'revoked');
        assert.equal((await gateway.accounts.findKeyBySecret(secret))?.key.status, 'revoked', 'the writer sees its own change');
        // A key the gateway has looked up (and may cache) is revoked by the other instance: a later lookup
        // sees it — at once on SQLite (the generation row), within the change feed's delay on PostgreSQL.
        const second = await cli.accounts.createKey(tenant.id);
        assert.equal((await gateway.accounts.findKeyBySecret(second.secret))?.key.status, 'active');
        assert.equal((await gateway.accounts.findKeyBySecret(second.secret))?.key.status, 'active');
        await cli.accounts.revokeKey(second.key.id);
        const deadline = Date.now() + 2_000;
        let seen = (await gateway.accounts.findKeyBySecret(second.secret))?.key.status;
        while (seen !== 'revoked' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          seen = (await gateway.accounts.findKeyBySecret(second.secret))?.key.status;
        }
        assert.equal(seen, 'revoked');
      } finally {
        await cli.close();
        await gateway.close();
        await backend.dispose();
      }
    });
  });
}
