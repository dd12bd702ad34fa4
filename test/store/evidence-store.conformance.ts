/**
 * The evidence ports' contract (AuditStore and EvidenceStore), run against every backend: SQLite now,
 * PostgreSQL when it comes. A backend test supplies a factory; each test gets a fresh, empty backend.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCheckpoints, decisionData, EMPTY_HEAD, readSigningKey, signCheckpoint, usageData, verifyRecords, type AuditEntry } from '../../src/audit/index.js';
import { TEST_SIGNING_KEY } from '../audit/checkpoint-test-keys.js';
import type { Store, StoreDeps } from '../../src/store/index.js';
import { manualClock } from './fixtures/fakes.js';

export interface EvidenceBackend {
  /** Opens a store on this backend's data: empty at first, the same data on later calls when `shared`. */
  open(deps: StoreDeps): Promise<Store>;
  readonly shared: boolean;
  dispose(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 1, 12);
const DAY = 86_400_000;

function action(i: number, at = T0 + i): AuditEntry {
  return { kind: 'action', at, ref: `key_${i}`, data: { action: 'warn', n: i } };
}

type CarrierFacts = NonNullable<Parameters<typeof decisionData>[0]['origin']['carrier']>;

function decision(id: string, at: number, o: { country: string | null; outcome?: 'routed' | 'refused'; providers?: string[]; key?: string; model?: string; carrier?: CarrierFacts }): AuditEntry {
  const providers = o.providers ?? ['openai', 'deepseek'];
  const refused = o.outcome === 'refused';
  return {
    kind: 'decision',
    at,
    ref: id,
    data: decisionData({
      requestId: id,
      endpoint: '/chat/completions',
      model: o.model ?? 'chat',
      stream: false,
      origin: { ip: '10.0.0.0/24', source: 'socket', country: o.country, subdivisions: o.country === 'UA' ? ['UA-43', 'RU-CRI'] : [], asn: 64500, anonymizer: ['vpn'], unknown: o.country === null ? 'not_found' : null, carrier: o.carrier ?? null },
      keyId: o.key ?? 'key_a',
      tenantId: 'ten_a',
      tenant: 'acme',
      registeredCountry: 'DE',
      policyHash: 'p'.repeat(64),
      outcome: refused ? 'refused' : 'routed',
      code: refused ? 'policy_region_denied' : null,
      provider: refused ? null : providers[0] ?? null,
      upstreamModel: refused ? null : 'gpt-4o-mini',
      decisions: providers.map((p) => ({ provider: p, effect: refused ? 'deny' : 'allow', layer: refused ? 'law' : 'operator', rule: refused ? 'law.x' : 'operator.default', matched: null })),
      attestation: null,
    }),
  };
}

function usage(id: string, at: number, o: { country: string | null; tokens: [number, number, number]; cost: number | null; key?: string; provider?: string }): AuditEntry {
  return {
    kind: 'usage',
    at,
    ref: id,
    data: usageData({
      requestId: id,
      keyId: o.key ?? 'key_a',
      tenantId: 'ten_a',
      tenant: 'acme',
      country: o.country,
      model: 'chat',
      provider: o.provider ?? 'openai',
      upstreamModel: 'gpt-4o-mini',
      status: 200,
      complete: true,
      usage: { inputTokens: o.tokens[0], cachedInputTokens: o.tokens[1], outputTokens: o.tokens[2] },
      costNanoUsd: o.cost,
    }),
  };
}

export function runEvidenceStoreConformance(name: string, factory: () => Promise<EvidenceBackend>): void {
  async function withStore(body: (s: Store, backend: EvidenceBackend, clock: ReturnType<typeof manualClock>) => Promise<void>): Promise<void> {
    const backend = await factory();
    const clock = manualClock(T0);
    const store = await backend.open({ clock });
    try {
      await body(store, backend, clock);
    } finally {
      await store.close();
      await backend.dispose();
    }
  }

  describe(`AuditStore conformance: ${name}`, () => {
    test('appends are sealed in order: sequence, links and hashes that verify', () =>
      withStore(async (s) => {
        assert.deepEqual(await s.audit.head(), EMPTY_HEAD);
        for (let i = 0; i < 5; i++) await s.audit.append(action(i));
        const records = await s.audit.read({ limit: 100 });
        assert.deepEqual(records.map((r) => r.seq), [1, 2, 3, 4, 5]);
        assert.deepEqual(records.map((r) => r.data.n), [0, 1, 2, 3, 4]);
        assert.equal(records[0]?.prevHash, EMPTY_HEAD.hash);
        assert.equal(records[1]?.prevHash, records[0]?.hash);
        assert.equal(verifyRecords(records, EMPTY_HEAD).ok, true);
        assert.deepEqual(await s.audit.head(), { seq: 5, hash: records[4]?.hash });
      }));

    test('concurrent appends all commit, each promise after its record is stored, and the chain verifies', () =>
      withStore(async (s) => {
        const writes = Array.from({ length: 300 }, (_, i) => s.audit.append(action(i)).then(async () => (await s.audit.findByRef(`key_${i}`)).length));
        assert.deepEqual(await Promise.all(writes), Array.from({ length: 300 }, () => 1));
        const records = await s.audit.read({ limit: 1000 });
        assert.equal(records.length, 300);
        assert.equal(verifyRecords(records, EMPTY_HEAD).ok, true);
        assert.equal((await s.audit.summary()).records, 300);
      }));

    test('an entry that cannot be encoded is refused alone', () =>
      withStore(async (s) => {
        const good = s.audit.append(action(1));
        const bad = s.audit.append({ kind: 'action', at: T0, ref: 'x', data: { n: Number.NaN } });
        const fractional = s.audit.append({ kind: 'action', at: T0 + 0.5, ref: 'x', data: {} });
        await assert.rejects(bad, TypeError);
        await assert.rejects(fractional, TypeError);
        await good;
        assert.equal((await s.audit.summary()).records, 1);
      }));

    test('appendMany is atomic and ordered; read pages by sequence and time', () =>
      withStore(async (s) => {
        await s.audit.appendMany([action(0, T0), action(1, T0 + DAY), action(2, T0 + 2 * DAY)]);
        assert.deepEqual((await s.audit.read({ fromSeq: 2, limit: 10 })).map((r) => r.seq), [2, 3]);
        assert.deepEqual((await s.audit.read({ from: T0 + DAY, to: T0 + 2 * DAY, limit: 10 })).map((r) => r.seq), [2]);
        assert.deepEqual((await s.audit.read({ limit: 1 })).map((r) => r.seq), [1]);
      }));

    test('prune removes the oldest records, writes a checkpoint and the chain goes on from it', () =>
      withStore(async (s) => {
        for (let i = 0; i < 6; i++) await s.audit.append(action(i, T0 + i * DAY));
        const before = await s.audit.read({ limit: 10 });
        const result = await s.audit.prune({ before: T0 + 3 * DAY, at: T0 + 10 * DAY, sign: (b) => ({ ...b, signature: null }) });
        assert.equal(result.pruned, 3);
        assert.deepEqual(result.checkpoint && { seq: result.checkpoint.seq, hash: result.checkpoint.hash }, { seq: 3, hash: before[2]?.hash });
        assert.deepEqual(await s.audit.verificationStart(), result.checkpoint);
        await s.audit.append(action(9, T0 + 11 * DAY));
        const after = await s.audit.read({ limit: 10 });
        assert.deepEqual(after.map((r) => r.kind), ['action', 'action', 'action', 'audit', 'action']);
        assert.equal(verifyRecords(after, { seq: 3, hash: before[2]?.hash ?? '' }).ok, true);
        assert.equal((await s.audit.prune({ before: T0, at: T0, sign: (b) => ({ ...b, signature: null }) })).checkpoint, null);
      }));

    test('an anchor records the head', () =>
      withStore(async (s) => {
        await s.audit.append(action(1));
        const anchor = await s.audit.anchor(T0 + 5, (b) => ({ ...b, signature: 'ab'.repeat(32) }));
        assert.deepEqual([anchor.kind, anchor.seq, anchor.hash], ['anchor', 1, (await s.audit.head()).hash]);
        assert.deepEqual(await s.audit.checkpoints(), [anchor]);
      }));

    test('checkpoints keep their signatures as written: HMAC (hex) and Ed25519 (ed25519:KEYID:SIG) both verify read back', () =>
      withStore(async (s) => {
        const signing = readSigningKey(TEST_SIGNING_KEY);
        await s.audit.append(action(1));
        const hmac = await s.audit.anchor(T0 + 5, (b) => signCheckpoint(b, { algorithm: 'hmac-sha256', secret: 'shared' }));
        await s.audit.append(action(2));
        const ed = await s.audit.prune({ before: T0 + 2, at: T0 + 6, sign: (b) => signCheckpoint(b, signing) });
        const stored = await s.audit.checkpoints();
        assert.deepEqual(stored, [hmac, ed.checkpoint]);
        assert.match(stored[1]?.signature ?? '', new RegExp(`^ed25519:${signing.keyId}:`));
        const keys = { hmac: 'shared', publicKeys: [signing] };
        assert.deepEqual(checkCheckpoints(stored, keys), ['valid', 'valid']);
        assert.deepEqual(await s.audit.verificationStart(), ed.checkpoint);
      }));

    test('records survive closing and reopening', async () => {
      const backend = await factory();
      if (!backend.shared) return backend.dispose();
      const clock = manualClock(T0);
      const first = await backend.open({ clock });
      await first.audit.append(action(1));
      await first.close();
      const second = await backend.open({ clock });
      assert.equal((await second.audit.summary()).records, 1);
      await second.close();
      await backend.dispose();
    });
  });

  describe(`EvidenceStore conformance: ${name}`, () => {
    test('decision and usage records become recorded requests, each once, with usage joined', () =>
      withStore(async (s) => {
        await s.audit.appendMany([
          decision('dec_2', T0 + 2000, { country: 'UA' }),
          decision('dec_1', T0 + 1000, { country: 'KP', outcome: 'refused' }),
          decision('dec_3', T0 + 3000, { country: null }),
        ]);
        await s.audit.append(usage('dec_2', T0 + 2500, { country: 'UA', tokens: [10, 4, 5], cost: 1234 }));
        const batches: string[][] = [];
        for await (const b of s.evidence.requests.scan({ from: null, to: null }, 2)) batches.push(b.map((r) => r.requestId));
        // Each record once, in batches of at most the size asked; the order is the backend's own.
        assert.deepEqual(batches.map((b) => b.length), [2, 1]);
        assert.deepEqual(batches.flat().sort(), ['dec_1', 'dec_2', 'dec_3']);
        const all = [];
        for await (const b of s.evidence.requests.scan({ from: T0 + 1500, to: T0 + 3000 })) all.push(...b);
        assert.equal(all.length, 1);
        assert.deepEqual(all[0], {
          requestId: 'dec_2',
          at: T0 + 2000,
          country: 'UA',
          subdivisions: ['UA-43', 'RU-CRI'],
          asn: 64500,
          anonymizer: ['vpn'],
          unknown: null,
          carrier: null,
          keyId: 'key_a',
          tenant: 'acme',
          registeredCountry: 'DE',
          model: 'chat',
          providers: ['openai', 'deepseek'],
          outcome: 'routed',
          code: null,
          provider: 'openai',
          usage: { provider: 'openai', upstreamModel: 'gpt-4o-mini', inputTokens: 10, cachedInputTokens: 4, outputTokens: 5, costNanoUsd: 1234 },
        });
        assert.equal(await s.evidence.requests.count({ from: null, to: null }), 3);
      }));

    test('a carrier address\'s facts reach the recorded request (what replay judges); other requests have none', () =>
      withStore(async (s) => {
        const carrier = { kind: '6to4', ip: '2002:5a0::/40', country: 'IR', subdivisions: [], asn: 6939, anonymizer: ['tor'], unknown: null };
        await s.audit.appendMany([decision('dec_c', T0 + 1000, { country: 'DE', carrier }), decision('dec_n', T0 + 2000, { country: 'DE' })]);
        const all = [];
        for await (const b of s.evidence.requests.scan({ from: null, to: null })) all.push(...b);
        const byId = new Map(all.map((r) => [r.requestId, r]));
        assert.deepEqual(byId.get('dec_c')?.carrier, { kind: '6to4', country: 'IR', subdivisions: [], asn: 6939, anonymizer: ['tor'], unknown: null });
        assert.equal(byId.get('dec_n')?.carrier, null);
        const records = await s.audit.read({ limit: 10 });
        assert.deepEqual(records[0]?.data.origin, { anonymizer: ['vpn'], asn: 64500, carrier, country: 'DE', ip: '10.0.0.0/24', source: 'socket', subdivisions: [], unknown: null });
        assert.equal('carrier' in (records[1]?.data.origin as object), false, 'other records keep the shape they always had');
        assert.equal(verifyRecords(records, EMPTY_HEAD).ok, true);
      }));

    test('usage that comes after its decision was already read is still joined, and rolls up across batches', () =>
      withStore(async (s) => {
        await s.audit.append(decision('dec_1', T0 + 1000, { country: 'UA' }));
        assert.equal(await s.evidence.requests.count({ from: null, to: null }), 1, 'the decision is projected (a read catches up)');
        await s.audit.appendMany([usage('dec_1', T0 + 1500, { country: 'UA', tokens: [10, 4, 5], cost: 1000 }), usage('r2', T0 + 1600, { country: 'UA', tokens: [1, 0, 1], cost: 10 })]);
        const first = await s.evidence.usage.summary({ from: null, to: null }, ['country']);
        assert.deepEqual(first.map((r) => [r.group.country, r.requests, r.inputTokens, r.costNanoUsd]), [['UA', 2, 11, 1010]]);
        await s.audit.append(usage('r3', T0 + 1700, { country: 'UA', tokens: [2, 0, 2], cost: null }));
        const then = await s.evidence.usage.summary({ from: null, to: null }, ['country']);
        assert.deepEqual(then.map((r) => [r.group.country, r.requests, r.inputTokens, r.costNanoUsd, r.unpriced]), [['UA', 3, 13, 1010, 1]]);
        const [served] = await (async () => {
          const out = [];
          for await (const b of s.evidence.requests.scan({ from: null, to: null })) out.push(...b);
          return out;
        })();
        assert.deepEqual(served?.usage, { provider: 'openai', upstreamModel: 'gpt-4o-mini', inputTokens: 10, cachedInputTokens: 4, outputTokens: 5, costNanoUsd: 1000 });
      }));

    test('usage is rolled up per day and grouped by any dimensions', () =>
      withStore(async (s) => {
        await s.audit.appendMany([
          usage('r1', T0, { country: 'DE', tokens: [10, 0, 5], cost: 100 }),
          usage('r2', T0 + 1, { country: 'DE', tokens: [20, 5, 5], cost: 200, key: 'key_b' }),
          usage('r3', T0 + DAY, { country: null, tokens: [1, 0, 1], cost: null }),
          usage('r4', T0 + DAY, { country: 'FR', tokens: [3, 0, 3], cost: 300, provider: 'deepseek' }),
        ]);
        const byCountry = await s.evidence.usage.summary({ from: null, to: null }, ['country']);
        assert.deepEqual(byCountry.map((r) => [r.group.country, r.requests, r.inputTokens, r.cachedInputTokens, r.outputTokens, r.costNanoUsd, r.unpriced]), [
          [null, 1, 1, 0, 1, 0, 1],
          ['DE', 2, 30, 5, 10, 300, 0],
          ['FR', 1, 3, 0, 3, 300, 0],
        ]);
        const day2 = await s.evidence.usage.summary({ from: T0 + DAY, to: T0 + 2 * DAY }, ['provider', 'day']);
        assert.deepEqual(day2.map((r) => [r.group.provider, r.group.day, r.requests]), [['deepseek', '2026-11-02', 1], ['openai', '2026-11-02', 1]]);
        const total = await s.evidence.usage.summary({ from: null, to: null }, []);
        assert.equal(total[0]?.requests, 4);
        assert.deepEqual(await s.evidence.usage.summary({ from: T0 + 9 * DAY, to: null }, []), []);
      }));

    test('policy versions: the latest effective one is live, and each change is in the audit log', () =>
      withStore(async (s) => {
        const base = { document: 'version: 1\n', source: 'p.yaml', author: 'ana', reason: 'r', approval: null, action: 'apply' as const, restores: null, opensAtLaw: [], previous: null };
        assert.equal(await s.evidence.policies.live(T0), null);
        const v1 = await s.evidence.policies.add({ ...base, hash: '1'.repeat(64), createdAt: T0, effectiveFrom: T0 });
        const v2 = await s.evidence.policies.add({ ...base, hash: '2'.repeat(64), createdAt: T0 + 1, effectiveFrom: T0 + DAY, approval: 'OFAC GL 25' });
        assert.deepEqual([v1.id, v2.id], [1, 2]);
        assert.equal((await s.evidence.policies.live(T0 + 5))?.id, 1);
        assert.equal(await s.evidence.policies.liveId(T0 + DAY), 2);
        assert.equal(await s.evidence.policies.liveId(T0 - 1), null);
        assert.deepEqual(await s.evidence.policies.get(2), v2);
        assert.deepEqual((await s.evidence.policies.list()).map((v) => v.id), [1, 2]);
        const [change] = await s.audit.findByRef('policy:v2');
        assert.equal(change?.kind, 'policy_change');
        assert.equal(change?.data.approval, 'OFAC GL 25');
        assert.equal(change?.data.policy_hash, '2'.repeat(64));
      }));

    test('shadow policy: one at a time; differences recorded and reported per country, provider and change', () =>
      withStore(async (s) => {
        assert.equal(await s.evidence.shadow.get(), null);
        const shadow = { document: 'version: 1\n', hash: 's'.repeat(64), source: 'candidate.yaml', startedAt: T0 };
        await s.evidence.shadow.set(shadow);
        assert.deepEqual(await s.evidence.shadow.get(), shadow);
        const diff = (id: string, key: string, country: string | null, liveEffect: 'allow' | 'deny') => ({
          requestId: id, at: T0 + 1, liveHash: 'l'.repeat(64), shadowHash: shadow.hash, country, subdivisions: [], keyId: key, tenant: 'acme', model: 'chat', provider: 'deepseek',
          liveEffect, liveRule: 'x', shadowEffect: liveEffect === 'allow' ? ('deny' as const) : ('allow' as const), shadowRule: liveEffect === 'allow' ? 'operator.close' : 'operator.open',
        });
        await s.evidence.shadow.recordDifferences([diff('r1', 'k1', 'CN', 'deny'), diff('r2', 'k1', 'CN', 'deny'), diff('r3', 'k2', 'CN', 'deny'), diff('r4', 'k3', null, 'allow')]);
        const report = await s.evidence.shadow.report({ from: null, to: null }, shadow.hash);
        assert.deepEqual(report.map((r) => [r.country, r.provider, r.change, r.requests, r.keys, r.shadowRules]), [
          ['CN', 'deepseek', 'deny_to_allow', 3, 2, ['operator.open']],
          [null, 'deepseek', 'allow_to_deny', 1, 1, ['operator.close']],
        ]);
        assert.deepEqual(await s.evidence.shadow.report({ from: null, to: null }, 'o'.repeat(64)), []);
        assert.equal((await s.evidence.shadow.differences({ from: null, to: null }, 10)).length, 4);
        assert.equal(await s.evidence.shadow.clear(), true);
        assert.equal(await s.evidence.shadow.clear(), false);
      }));
  });
}
