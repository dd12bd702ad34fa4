/**
 * The AdminTokenStore and AdminQueries contracts, run against every backend: tokens stored by hash,
 * authenticated with their last use recorded, listed and revoked by id or prefix; decisions counted
 * per country, subdivision and hour, and searched, from decision records appended to the audit log.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decisionData, type DecisionRecordInput } from '../../src/audit/index.js';
import type { Store, StoreDeps } from '../../src/store/index.js';
import { countingRandom, manualClock, type ManualClock } from './fixtures/fakes.js';

export interface AdminStoreBackend {
  open(deps: StoreDeps): Promise<Store>;
  /** Every persisted byte, to check that no secret is stored; null when the backend cannot say. */
  rawContents?(): Promise<Buffer>;
  dispose(): Promise<void>;
}

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1, 10, 0, 0);

function decision(n: number, over: Partial<DecisionRecordInput> & { country: string | null; subdivisions?: string[] }): DecisionRecordInput {
  const refused = over.outcome === 'refused';
  return {
    requestId: `dec_${String(n).padStart(4, '0')}`,
    endpoint: '/chat/completions',
    model: 'chat',
    stream: false,
    origin: { ip: '203.0.113.0', source: 'forwarded', country: over.country, subdivisions: over.subdivisions ?? [], asn: null, anonymizer: [], unknown: over.country === null ? 'not_found' : null },
    keyId: over.keyId ?? 'key_a',
    tenantId: 'ten_a',
    tenant: over.tenant ?? 'acme',
    registeredCountry: 'US',
    policyHash: 'f'.repeat(64),
    outcome: over.outcome ?? 'routed',
    code: refused ? 'policy_region_denied' : null,
    provider: refused ? null : 'openai',
    upstreamModel: refused ? null : 'gpt-4o',
    decisions: [{ provider: 'openai', effect: refused ? 'deny' : 'allow', layer: 'terms', rule: refused ? 'terms.openai.default' : 'terms.openai.listed', matched: null }],
    attestation: null,
  };
}

export function runAdminStoreConformance(name: string, factory: () => Promise<AdminStoreBackend>): void {
  async function withStore(body: (store: Store, clock: ManualClock, backend: AdminStoreBackend) => Promise<void>): Promise<void> {
    const backend = await factory();
    const clock = manualClock(T0);
    const store = await backend.open({ clock, random: countingRandom() });
    try {
      await body(store, clock, backend);
    } finally {
      await store.close();
      await backend.dispose();
    }
  }

  describe(`AdminTokenStore conformance: ${name}`, () => {
    test('create shows the secret once and stores only its hash; authenticate records the use', () =>
      withStore(async (store, clock, backend) => {
        const { token, secret } = await store.adminTokens.create({ name: 'alice', role: 'admin' });
        assert.match(token.id, /^adm_[0-9a-f]{20}$/);
        assert.equal(token.prefix, secret.slice(0, 13));
        assert.deepEqual([token.role, token.lastUsedAt, token.revokedAt], ['admin', null, null]);
        if (backend.rawContents) assert.ok(!(await backend.rawContents()).includes(secret), 'the secret is not stored');
        clock.advance(5000);
        assert.equal((await store.adminTokens.authenticate(secret))?.lastUsedAt, T0 + 5000);
        assert.equal((await store.adminTokens.list())[0]?.lastUsedAt, T0 + 5000);
        assert.equal(await store.adminTokens.authenticate(`${secret}x`), null);
      }));

    test('revoke by id or unique prefix; an ambiguous prefix throws; a revoked token still authenticates as revoked', () =>
      withStore(async (store, clock) => {
        const a = await store.adminTokens.create({ name: 'a', role: 'read' });
        const b = await store.adminTokens.create({ name: 'b', role: 'read' });
        assert.equal(a.token.prefix, b.token.prefix, 'the counting random source gives one prefix');
        await assert.rejects(store.adminTokens.revoke(a.token.prefix), { code: 'store_ambiguous_prefix' });
        clock.advance(1000);
        const revoked = await store.adminTokens.revoke(a.token.id);
        assert.equal(revoked?.revokedAt, T0 + 1000);
        clock.advance(1000);
        assert.equal((await store.adminTokens.revoke(a.token.id))?.revokedAt, T0 + 1000, 'revoking twice keeps the first time');
        assert.equal((await store.adminTokens.authenticate(a.secret))?.revokedAt, T0 + 1000);
        assert.equal(await store.adminTokens.revoke('adm_missing'), null);
        assert.deepEqual((await store.adminTokens.list()).map((t) => t.name), ['a', 'b']);
      }));
  });

  describe(`AdminQueries conformance: ${name}`, () => {
    async function seed(store: Store): Promise<void> {
      const rows = [
        decision(1, { country: 'US' }),
        decision(2, { country: 'US' }),
        decision(3, { country: 'CN', outcome: 'refused', keyId: 'key_b', tenant: 'globex' }),
        decision(4, { country: 'UA', subdivisions: ['UA-43', 'RU-CRI'], outcome: 'refused' }),
        decision(5, { country: null }),
        decision(6, { country: 'US', outcome: 'refused' }),
      ];
      const at = [T0, T0 + 10, T0 + HOUR, T0 + HOUR + 5, T0 + 2 * HOUR, T0 + 3 * HOUR];
      await store.audit.appendMany(rows.map((r, i) => ({ kind: 'decision' as const, at: at[i] as number, ref: r.requestId, data: decisionData(r) })));
    }

    test('counts per country (unknown as null) and per first subdivision, within the range', () =>
      withStore(async (store) => {
        await seed(store);
        const all = await store.adminQueries.countByCountry({ from: T0, to: T0 + 3 * HOUR });
        const byCountry = Object.fromEntries(all.countries.map((c) => [String(c.country), [c.allowed, c.refused]]));
        assert.deepEqual(byCountry, { US: [2, 0], CN: [0, 1], UA: [0, 1], null: [1, 0] });
        assert.deepEqual(all.subdivisions, [{ subdivision: 'UA-43', country: 'UA', allowed: 0, refused: 1 }]);
      }));

    test('counts per hour, oldest first, only hours with requests', () =>
      withStore(async (store) => {
        await seed(store);
        assert.deepEqual(await store.adminQueries.countByHour({ from: T0, to: T0 + 4 * HOUR }), [
          { hour: T0, allowed: 2, refused: 0 },
          { hour: T0 + HOUR, allowed: 0, refused: 2 },
          { hour: T0 + 2 * HOUR, allowed: 1, refused: 0 },
          { hour: T0 + 3 * HOUR, allowed: 0, refused: 1 },
        ]);
      }));

    test('search filters by key, tenant, country (or unknown), outcome and time, newest first, with a cursor', () =>
      withStore(async (store) => {
        await seed(store);
        const range = { from: null, to: null };
        const ids = async (extra: object, limit = 10) => (await store.adminQueries.searchDecisions({ range, limit, ...extra })).map((d) => d.requestId);
        assert.deepEqual(await ids({}), ['dec_0006', 'dec_0005', 'dec_0004', 'dec_0003', 'dec_0002', 'dec_0001']);
        assert.deepEqual(await ids({ outcome: 'refused' }), ['dec_0006', 'dec_0004', 'dec_0003']);
        assert.deepEqual(await ids({ country: 'unknown' }), ['dec_0005']);
        assert.deepEqual(await ids({ keyId: 'key_b' }), ['dec_0003']);
        assert.deepEqual(await ids({ tenant: 'acme', country: 'US' }), ['dec_0006', 'dec_0002', 'dec_0001']);
        const page = await store.adminQueries.searchDecisions({ range, limit: 2 });
        assert.deepEqual(await ids({ beforeSeq: page.at(-1)?.seq }, 2), ['dec_0004', 'dec_0003']);
        assert.deepEqual(await ids({ range: { from: T0 + HOUR, to: T0 + 2 * HOUR } }), ['dec_0004', 'dec_0003']);
        const crimea = (await store.adminQueries.searchDecisions({ range, limit: 1, country: 'UA' }))[0];
        assert.deepEqual([crimea?.subdivisions, crimea?.providers, crimea?.code], [['UA-43', 'RU-CRI'], ['openai'], 'policy_region_denied']);
      }));
  });
}
