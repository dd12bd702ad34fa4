/**
 * The EnforcementStore contract, run against every backend (SQLite file and :memory:, PostgreSQL):
 * violations, actions with key status, tenant settings, and the webhook outbox.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionData, EMPTY_HEAD, readActionRecord, verifyRecords } from '../../src/audit/index.js';
import type { NewAction, NewViolation } from '../../src/domain/enforcement.js';
import type { Store, StoreDeps } from '../../src/store/index.js';
import { manualClock, type ManualClock } from './fixtures/fakes.js';

export interface EnforcementBackend {
  open(deps: StoreDeps): Promise<Store>;
  /** False when two open() calls cannot share data. */
  readonly shared: boolean;
  /**
   * Makes the database itself refuse every later `action` audit record (a trigger on audit_log), from
   * outside the open store; absent where the backend cannot be reached from outside (:memory:).
   */
  refuseActionRecords?(): Promise<void>;
  dispose(): Promise<void>;
}

const ORIGIN = { network: '203.0.113.0/24', source: 'forwarded', country: 'DE', subdivisions: ['DE-BE'], city: 'Berlin', asn: 3320, org: 'DTAG', anonymizer: ['vpn'] } as const;

export function runEnforcementStoreConformance(name: string, factory: () => Promise<EnforcementBackend>): void {
  async function withStore(body: (ctx: { store: Store; clock: ManualClock; keyId: string; tenantId: string; backend: EnforcementBackend }) => Promise<void>): Promise<void> {
    const backend = await factory();
    const clock = manualClock(Date.UTC(2026, 5, 1));
    const store = await backend.open({ clock });
    try {
      const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: 'US' });
      const { key } = await store.accounts.createKey(tenant.id);
      await body({ store, clock, keyId: key.id, tenantId: tenant.id, backend });
    } finally {
      await store.close();
      await backend.dispose();
    }
  }

  const violation = (keyId: string, tenantId: string, at: number, over: Partial<NewViolation> = {}): NewViolation => ({
    keyId, tenantId, signal: 'anonymizer', rule: 'enforcement.anonymizer.vpn', weight: 2, at, requestId: `dec_${at}`, origin: ORIGIN, detail: { flag: 'vpn', hits: [{ flag: 'vpn', source: 'geo' }] }, ...over,
  });
  const action = (keyId: string, tenantId: string, at: number, over: Partial<NewAction> = {}): NewAction => ({
    keyId, tenantId, kind: 'suspend', at, until: at + 3_600_000, actor: 'ladder', rule: 'ladder.suspend', score: 10, note: null, violationIds: [], evidence: { threshold: 10 }, ...over,
  });

  describe(`EnforcementStore conformance: ${name}`, () => {
    test('violations round-trip with their evidence, newest first, by key, tenant and time', () =>
      withStore(async ({ store, clock, keyId, tenantId }) => {
        const t = clock.now();
        const [a, b] = await store.enforcement.recordViolations([violation(keyId, tenantId, t), violation(keyId, tenantId, t + 1000, { signal: 'fan_out', rule: 'enforcement.fan_out.countries', weight: 10, detail: { countries: 5, sample: ['US', 'DE'] } })]);
        assert.match(a?.id ?? '', /^vio_[0-9a-f]{20}$/);
        assert.deepEqual(await store.enforcement.listViolations({ keyId }), [b, a]);
        assert.deepEqual(await store.enforcement.listViolations({ tenantId }), [b, a]);
        assert.deepEqual(await store.enforcement.listViolations({ keyId, since: t }), [b], 'since is exclusive');
        assert.deepEqual(await store.enforcement.listViolations({ keyId, limit: 1 }), [b]);
        assert.deepEqual(await store.enforcement.listViolations({ keyId: 'key_other' }), []);
        assert.deepEqual(b?.detail, { countries: 5, sample: ['US', 'DE'] });
        assert.deepEqual(a?.origin, ORIGIN);
        assert.deepEqual(await store.enforcement.recordViolations([]), []);
      }));

    test('an action records its evidence and sets the key status in one step', () =>
      withStore(async ({ store, clock, keyId, tenantId }) => {
        const [v] = await store.enforcement.recordViolations([violation(keyId, tenantId, clock.now())]);
        const until = clock.now() + 3_600_000;
        const saved = await store.enforcement.applyAction(action(keyId, tenantId, clock.now(), { violationIds: [v?.id ?? ''] }));
        assert.match(saved.id, /^act_[0-9a-f]{20}$/);
        assert.deepEqual(saved.violationIds, [v?.id]);
        assert.deepEqual(await store.accounts.getKey(keyId).then((k) => [k?.status, k?.suspendedUntil]), ['suspended', until]);
        clock.advance(1000);
        await store.enforcement.applyAction(action(keyId, tenantId, clock.now(), { kind: 'reinstate', until: null, actor: 'operator:alice', rule: null, score: null, note: 'customer moved their servers' }));
        assert.deepEqual(await store.accounts.getKey(keyId).then((k) => [k?.status, k?.suspendedUntil]), ['active', null]);
        const [latest, first] = await store.enforcement.listActions({ keyId });
        assert.equal(latest?.note, 'customer moved their servers');
        assert.equal(latest?.actor, 'operator:alice');
        assert.deepEqual(first, saved);
        assert.deepEqual(await store.enforcement.listActions({ tenantId, since: saved.at }), [latest]);
      }));

    for (const [kind, status] of [['warn', 'warned'], ['block', 'blocked']] as const) {
      test(`${kind} sets status ${status}; a revoked key keeps its status`, () =>
        withStore(async ({ store, clock, keyId, tenantId }) => {
          await store.enforcement.applyAction(action(keyId, tenantId, clock.now(), { kind, until: null }));
          assert.equal((await store.accounts.getKey(keyId))?.status, status);
          await store.accounts.revokeKey(keyId);
          await store.enforcement.applyAction(action(keyId, tenantId, clock.now(), { kind: 'reinstate', until: null }));
          assert.equal((await store.accounts.getKey(keyId))?.status, 'revoked');
        }));
    }

    test('only a reinstatement lowers a standing: a later warning or shorter suspension leaves a block or a running suspension', () =>
      withStore(async ({ store, clock, keyId, tenantId }) => {
        const now = clock.now();
        const standing = async () => {
          const key = await store.accounts.getKey(keyId);
          return [key?.status, key?.suspendedUntil ?? null];
        };
        const take = (at: number, over: Partial<NewAction>) => store.enforcement.applyAction(action(keyId, tenantId, at, over));
        await take(now, { until: now + 3_600_000 });
        await take(now + 1, { kind: 'warn', until: null, rule: 'ladder.warn' });
        assert.deepEqual(await standing(), ['suspended', now + 3_600_000], 'a warning does not lift a running suspension');
        await take(now + 2, { until: now + 60_000 });
        assert.deepEqual(await standing(), ['suspended', now + 3_600_000], 'nor does a shorter suspension shorten it');
        await take(now + 3, { until: now + 7_200_000 });
        assert.deepEqual(await standing(), ['suspended', now + 7_200_000], 'a longer one lengthens it');
        await take(now + 4, { kind: 'block', until: null, actor: 'operator:alice' });
        await take(now + 5, { kind: 'warn', until: null });
        await take(now + 6, { until: now + 9_000_000 });
        assert.deepEqual(await standing(), ['blocked', null], 'the ladder never lifts a block');
        await take(now + 7, { kind: 'reinstate', until: null, actor: 'operator:alice' });
        assert.deepEqual(await standing(), ['active', null]);
        await take(now + 8, { until: now + 9 });
        await take(now + 10, { kind: 'warn', until: null });
        assert.deepEqual(await standing(), ['warned', null], 'a suspension that has run out holds nothing');
        assert.equal((await store.enforcement.listActions({ keyId, since: now - 1 })).length, 10, 'every action is recorded, whatever it left');
      }));

    test('a conditional action is taken only while the key has the actions the caller saw after `since`', () =>
      withStore(async ({ store, clock, keyId, tenantId }) => {
        const since = clock.now() - 60_000;
        const notify = (a: { id: string }) => ({ type: 'enforcement.action', payload: JSON.stringify({ id: a.id }) });
        const first = await store.enforcement.applyActionIfUnchanged(action(keyId, tenantId, clock.now(), { kind: 'warn', until: null }), { since, ids: [] }, notify);
        assert.ok(first !== null, 'nothing changed: taken');
        assert.equal((await store.accounts.getKey(keyId))?.status, 'warned');

        // A second writer that also saw no action loses: nothing recorded, no status, message or audit record.
        clock.advance(10);
        const records = (await store.audit.read({ limit: 1_000 })).length;
        const lost = await store.enforcement.applyActionIfUnchanged(action(keyId, tenantId, clock.now()), { since, ids: [] }, notify);
        assert.equal(lost, null);
        assert.deepEqual((await store.enforcement.listActions({ keyId })).map((a) => a.id), [first.id]);
        assert.equal((await store.accounts.getKey(keyId))?.status, 'warned');
        assert.equal((await store.enforcement.outbox.list({ pending: true })).length, 1);
        assert.equal((await store.audit.read({ limit: 1_000 })).length, records);

        // One that saw the first action goes ahead; actions at or before `since` are not compared.
        const second = await store.enforcement.applyActionIfUnchanged(action(keyId, tenantId, clock.now()), { since, ids: [first.id] });
        assert.ok(second !== null);
        assert.equal((await store.accounts.getKey(keyId))?.status, 'suspended');
        clock.advance(10);
        assert.ok((await store.enforcement.applyActionIfUnchanged(action(keyId, tenantId, clock.now(), { kind: 'block', until: null }), { since: second.at, ids: [] })) !== null);
      }));

    test('two stores on the same data (two instances) racing on one key: exactly one conditional action is taken', async (t) => {
      const backend = await factory();
      if (!backend.shared) {
        await backend.dispose();
        t.skip('this backend cannot be opened twice');
        return;
      }
      const clock = manualClock(Date.UTC(2026, 5, 1));
      const a = await backend.open({ clock });
      const b = await backend.open({ clock });
      try {
        const tenant = await a.accounts.ensureTenant({ name: 'acme', registeredCountry: 'US' });
        const { key } = await a.accounts.createKey(tenant.id);
        for (let round = 0; round < 5; round++) {
          clock.advance(1_000);
          const since = clock.now() - 500;
          const results = await Promise.all([a, b].map((s) => s.enforcement.applyActionIfUnchanged(action(key.id, tenant.id, clock.now()), { since, ids: [] })));
          assert.equal(results.filter((r) => r !== null).length, 1, `round ${round}: one winner`);
          assert.equal((await a.enforcement.listActions({ keyId: key.id, since })).length, 1);
        }
      } finally {
        await a.close();
        await b.close();
        await backend.dispose();
      }
    });

    test('an action with notify enqueues its webhook message built from the saved action', () =>
      withStore(async ({ store, clock, keyId, tenantId }) => {
        const saved = await store.enforcement.applyAction(action(keyId, tenantId, clock.now()), (a) => ({ type: 'enforcement.action', payload: JSON.stringify({ id: a.id }) }));
        const [message] = await store.enforcement.outbox.list({ pending: true });
        assert.equal(message?.payload, JSON.stringify({ id: saved.id }));
        assert.equal(message?.nextAttemptAt, saved.at);
        assert.match(message?.id ?? '', /^evt_[0-9a-f]{20}$/);
      }));

    test('every action appends exactly one `action` audit record about its key, and the chain verifies', () =>
      withStore(async ({ store, clock, keyId, tenantId }) => {
        const [v] = await store.enforcement.recordViolations([violation(keyId, tenantId, clock.now())]);
        const suspended = await store.enforcement.applyAction(action(keyId, tenantId, clock.now(), { violationIds: [v?.id ?? ''], evidence: { threshold: 10, window_ms: 3_600_000, request_id: 'dec_1' } }));
        const [record] = await store.audit.findByRef(keyId);
        assert.deepEqual([record?.kind, record?.at, record?.ref], ['action', suspended.at, keyId]);
        assert.deepEqual(record?.data, {
          action_id: suspended.id, action: 'suspend', key_id: keyId, tenant_id: tenantId, at: suspended.at, until: suspended.at + 3_600_000, duration_ms: 3_600_000,
          actor: 'ladder', rule: 'ladder.suspend', score: 10, note: null, violation_ids: [v?.id ?? ''], evidence: { threshold: 10, window_ms: 3_600_000, request_id: 'dec_1' },
        });
        assert.deepEqual(record?.data, actionData(suspended));
        assert.deepEqual(readActionRecord(record?.data ?? {}), suspended, 'the record reads back as the action');

        for (const kind of ['warn', 'block', 'reinstate'] as const) {
          clock.advance(1000);
          await store.enforcement.applyAction(action(keyId, tenantId, clock.now(), { kind, until: null, actor: 'operator:alice', rule: null, score: null, note: `${kind} by hand`, evidence: { previous_status: 'x' } }));
        }
        const records = await store.audit.read({ limit: 100 });
        assert.deepEqual(records.map((r) => [r.kind, r.ref, r.data.action, r.data.duration_ms]), [
          ['action', keyId, 'suspend', 3_600_000], ['action', keyId, 'warn', null], ['action', keyId, 'block', null], ['action', keyId, 'reinstate', null],
        ]);
        const actions = await store.enforcement.listActions({ keyId });
        assert.deepEqual(records.map((r) => r.data.action_id).reverse(), actions.map((a) => a.id), 'one record per action, the same ids');
        assert.equal(records[3]?.data.note, 'reinstate by hand');
        assert.equal(verifyRecords(records, EMPTY_HEAD).ok, true);
        assert.deepEqual(await store.audit.head(), { seq: 4, hash: records[3]?.hash });
      }));

    test('an action whose audit record cannot be encoded (a NaN score) is not taken at all', () =>
      withStore(async ({ store, clock, keyId, tenantId }) => {
        const notify = () => ({ type: 'enforcement.action', payload: '{}' });
        await assert.rejects(store.enforcement.applyAction(action(keyId, tenantId, clock.now(), { score: Number.NaN }), notify), TypeError);
        assert.deepEqual(await store.enforcement.listActions({ keyId }), [], 'no action row');
        assert.deepEqual(await store.accounts.getKey(keyId).then((k) => [k?.status, k?.suspendedUntil]), ['active', null], 'the key status is untouched');
        assert.deepEqual(await store.enforcement.outbox.list(), [], 'no webhook message');
        assert.equal((await store.audit.summary()).records, 0);
        const saved = await store.enforcement.applyAction(action(keyId, tenantId, clock.now()));
        const records = await store.audit.read({ limit: 10 });
        assert.deepEqual(records.map((r) => [r.seq, r.data.action_id]), [[1, saved.id]]);
        assert.equal(verifyRecords(records, EMPTY_HEAD).ok, true);
      }));

    test('when the database refuses the audit record, the action is rolled back whole', async (t) => {
      const backend = await factory();
      if (backend.refuseActionRecords === undefined) {
        await backend.dispose();
        t.skip('this backend cannot be altered from outside');
        return;
      }
      const clock = manualClock(Date.UTC(2026, 5, 1));
      const store = await backend.open({ clock });
      try {
        const tenant = await store.accounts.ensureTenant({ name: 'acme', registeredCountry: 'US' });
        const { key } = await store.accounts.createKey(tenant.id);
        await store.audit.append({ kind: 'audit', at: clock.now(), ref: 'audit:test', data: { n: 1 } });
        const first = await store.enforcement.applyAction(action(key.id, tenant.id, clock.now(), { kind: 'warn', until: null }));
        const before = await store.audit.read({ limit: 10 });
        await backend.refuseActionRecords();
        clock.advance(1000);
        const notify = () => ({ type: 'enforcement.action', payload: '{}' });
        await assert.rejects(store.enforcement.applyAction(action(key.id, tenant.id, clock.now()), notify), /audit append refused/);
        assert.deepEqual((await store.enforcement.listActions({ keyId: key.id })).map((a) => a.id), [first.id], 'the refused action left no row');
        assert.deepEqual(await store.accounts.getKey(key.id).then((k) => [k?.status, k?.suspendedUntil]), ['warned', null], 'the key keeps the status it had');
        assert.deepEqual(await store.enforcement.outbox.list(), [], 'no webhook message');
        const after = await store.audit.read({ limit: 10 });
        assert.deepEqual(after, before, 'the chain is as it was');
        assert.equal(verifyRecords(after, EMPTY_HEAD).ok, true);
      } finally {
        await store.close();
        await backend.dispose();
      }
    });

    test('tenant settings: defaults, the attestation secret, the country-mismatch override', () =>
      withStore(async ({ store, clock, tenantId }) => {
        assert.deepEqual(await store.enforcement.getTenantEnforcement(tenantId), { tenantId, attestationSecret: null, mayAttest: false, countryMismatch: null, updatedAt: null });
        const withSecret = await store.enforcement.setAttestationSecret(tenantId, 'cas_secret');
        assert.deepEqual(withSecret, { tenantId, attestationSecret: 'cas_secret', mayAttest: true, countryMismatch: null, updatedAt: clock.now() });
        assert.equal((await store.enforcement.setCountryMismatch(tenantId, false)).countryMismatch, false);
        assert.equal((await store.enforcement.getTenantEnforcement(tenantId)).attestationSecret, 'cas_secret', 'one setting does not clear another');
        const revoked = await store.enforcement.setAttestationSecret(tenantId, null);
        assert.deepEqual([revoked.mayAttest, revoked.attestationSecret, revoked.countryMismatch], [false, null, false]);
        assert.equal((await store.enforcement.setCountryMismatch(tenantId, null)).countryMismatch, null);
      }));

    test('outbox: claim due messages once, retry later, deliver, give up', () =>
      withStore(async ({ store, clock }) => {
        const t = clock.now();
        const first = await store.enforcement.outbox.enqueue({ type: 'enforcement.action', payload: '{"n":1}' }, t);
        const second = await store.enforcement.outbox.enqueue({ type: 'enforcement.action', payload: '{"n":2}' }, t + 10);
        assert.deepEqual(await store.enforcement.outbox.claimDue(t - 1, 10, 60_000), [], 'nothing due yet');
        assert.deepEqual((await store.enforcement.outbox.claimDue(t + 10, 10, 60_000)).map((m) => m.id), [first.id, second.id]);
        assert.deepEqual(await store.enforcement.outbox.claimDue(t + 20, 10, 60_000), [], 'claimed messages are held');
        await store.enforcement.outbox.markFailed(first.id, { at: t + 20, error: 'HTTP 500', nextAttemptAt: t + 10_000 });
        await store.enforcement.outbox.markDelivered(second.id, t + 20);
        assert.deepEqual(await store.enforcement.outbox.claimDue(t + 9_999, 10, 60_000), [], 'not before its next attempt');
        const [retry] = await store.enforcement.outbox.claimDue(t + 10_000, 10, 60_000);
        assert.deepEqual([retry?.id, retry?.attempts, retry?.lastError], [first.id, 1, 'HTTP 500']);
        await store.enforcement.outbox.markFailed(first.id, { at: t + 10_001, error: 'HTTP 503', nextAttemptAt: null });
        const all = await store.enforcement.outbox.list();
        assert.deepEqual(all.map((m) => [m.id, m.attempts, m.deliveredAt, m.abandonedAt]), [[second.id, 1, t + 20, null], [first.id, 2, null, t + 10_001]]);
        assert.deepEqual(await store.enforcement.outbox.list({ pending: true }), []);
        assert.deepEqual(await store.enforcement.outbox.claimDue(t + 1e9, 10, 60_000), [], 'a given-up message is never claimed');
      }));

    test('an expired claim is taken again (a worker died mid-delivery)', () =>
      withStore(async ({ store, clock }) => {
        const t = clock.now();
        const m = await store.enforcement.outbox.enqueue({ type: 'x', payload: '{}' }, t);
        await store.enforcement.outbox.claimDue(t, 10, 1000);
        assert.deepEqual((await store.enforcement.outbox.claimDue(t + 1000, 10, 1000)).map((x) => x.id), [m.id]);
      }));

    test('a second store on the same data sees the outbox (restart)', async (t) => {
      const backend = await factory();
      if (!backend.shared) {
        await backend.dispose();
        t.skip('this backend cannot be opened twice');
        return;
      }
      const clock = manualClock();
      const before = await backend.open({ clock });
      const queued = await before.enforcement.outbox.enqueue({ type: 'x', payload: '{"a":1}' }, clock.now());
      await before.close();
      const after = await backend.open({ clock });
      try {
        assert.deepEqual((await after.enforcement.outbox.claimDue(clock.now(), 10, 1000)).map((m) => m.payload), [queued.payload]);
      } finally {
        await after.close();
        await backend.dispose();
      }
    });
  });
}
