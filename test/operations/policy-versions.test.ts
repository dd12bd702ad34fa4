/**
 * Policy versions: a change that opens access at the law layer is refused without an approval and
 * kept with it; history and rollback; the running gateway follows the store's live version; the
 * semantic diff of the shipped example.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyDiff } from '../../src/admin/contract/foresight.js';
import { startGateway, IPS, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { evidenceHarness, type EvidenceHarness } from '../helpers/evidence-harness.js';

const NO_SANCTIONS = 'test/fixtures/policies/no-sanctions.yaml';
const EXAMPLE = 'examples/policies/open-cn-deepseek.yaml';
const CONFIG = {
  server: { trusted_proxies: ['127.0.0.1/32'] },
  providers: { deepseek: { base_url: 'http://127.0.0.1:9/v1' }, 'my-vllm': { preset: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1', terms: null } },
  models: { chat: { deployments: [{ provider: 'deepseek', model: 'mock-ok', price: { input: 0.27, output: 1.1 } }] } },
};

let h: EvidenceHarness;
before(() => {
  h = evidenceHarness(CONFIG, {}, Date.UTC(2026, 11, 15));
});
after(() => h.dispose());

interface ApplyJson {
  ok: boolean;
  version?: number;
  approval?: string | null;
  opens_at_law?: string[];
  needs_approval?: boolean;
}

describe('policy apply and approvals', () => {
  test('a version that opens the law layer is refused without --approval, and nothing is stored', async () => {
    const refused = await h.run('policy', 'apply', NO_SANCTIONS, '--author', 'ana', '--reason', 'test');
    assert.equal(refused.exitCode, 1);
    assert.match(refused.err, /opens access at the law layer, so it needs --approval/);
    assert.match(refused.err, /\n {2}KP: deepseek, my-vllm/);
    assert.match(refused.err, /\n {2}UA-43: /);
    assert.match(refused.err, /\n {2}AS28761: /);
    const json = await h.json<ApplyJson>('policy', 'apply', NO_SANCTIONS, '--author', 'ana', '--reason', 'test');
    assert.equal(json.value.needs_approval, true);
    assert.ok(json.value.opens_at_law?.includes('deepseek CU'));
    assert.deepEqual((await h.json<unknown[]>('policy', 'history')).value, []);
  });

  test('with --approval it is applied; the approval is in the version and in its audit record', async () => {
    const { value, exitCode } = await h.json<ApplyJson>('policy', 'apply', NO_SANCTIONS, '--author', 'ana', '--reason', 'licensed humanitarian service', '--approval', 'OFAC GL 25 (2026-11)');
    assert.equal(exitCode, 0);
    assert.equal(value.version, 1);
    assert.equal(value.approval, 'OFAC GL 25 (2026-11)');
    const store = h.open();
    try {
      const [record] = await store.audit.findByRef('policy:v1');
      assert.equal(record?.kind, 'policy_change');
      assert.equal(record?.data.approval, 'OFAC GL 25 (2026-11)');
      assert.equal(record?.data.author, 'ana');
      assert.ok((record?.data.opens_at_law as string[]).includes('deepseek KP'));
    } finally {
      await store.close();
    }
  });

  test('a version that opens nothing at the law layer needs no approval', async () => {
    h.now += 1000;
    const { value, exitCode } = await h.json<ApplyJson>('policy', 'apply', EXAMPLE, '--author', 'bo', '--reason', 'OPS-142');
    assert.equal(exitCode, 0);
    assert.equal(value.version, 2);
    assert.deepEqual(value.opens_at_law, []);
  });

  test('rollback restores an earlier document as a new version, and needs approval when it reopens the law layer', async () => {
    h.now += 1000;
    const refused = await h.run('policy', 'rollback', 'v1', '--author', 'cy', '--reason', 'undo');
    assert.equal(refused.exitCode, 1);
    assert.match(refused.err, /needs --approval/);
    const { value } = await h.json<ApplyJson & { action: string; restores: number }>('policy', 'rollback', 'v1', '--author', 'cy', '--reason', 'undo', '--approval', 'OFAC GL 25 (2026-11)');
    assert.deepEqual([value.version, value.action, value.restores], [3, 'rollback', 1]);
    const history = await h.json<{ version: number; live: boolean; action: string }[]>('policy', 'history');
    assert.deepEqual(history.value.map((v) => [v.version, v.action, v.live]), [[1, 'apply', false], [2, 'apply', false], [3, 'rollback', true]]);
    const text = await h.run('policy', 'history');
    assert.match(text.out, /\*v3 +rollback to v1 +2026-12-15T00:00:02Z +cy/);
    assert.equal((await h.run('policy', 'rollback', 'v9', '--author', 'cy', '--reason', 'x')).exitCode, 1);
  });
});

describe('the running gateway follows the live version', () => {
  let upstream: MockUpstream;
  let gw: GatewayFixture;
  let key: string;
  let g: EvidenceHarness;

  before(async () => {
    upstream = await startMockUpstream({ name: 'ds' });
    g = evidenceHarness(CONFIG);
    gw = await startGateway({ ...CONFIG, providers: { deepseek: { base_url: upstream.url } }, store: { url: `sqlite:${g.dbPath}` } }, { overrides: { background: false } });
    key = await gw.createKey('acme', 'US');
  });
  after(async () => {
    await gw?.close();
    await upstream?.close();
    g.dispose();
  });

  const ask = async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': IPS.KP },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.arrayBuffer();
    return res.status;
  };

  test('applied, picked up on the next poll; rolled back, refused again', async () => {
    g.now = Date.now();
    assert.equal(await ask(), 403, 'sanctions refuse North Korea');
    const applied = await g.run('policy', 'apply', NO_SANCTIONS, '--author', 'ana', '--reason', 'test', '--approval', 'test licence');
    assert.equal(applied.exitCode, 0, applied.err);
    assert.equal(await gw.app.policy.refresh(), true);
    assert.equal(gw.app.policy.current().version, 1);
    assert.equal(await ask(), 200, 'DeepSeek (no list) serves North Korea once the law layer is open');
    g.now += 1;
    assert.equal((await g.run('policy', 'apply', 'data/presets/default-policy.yaml', '--author', 'ana', '--reason', 'back')).exitCode, 0);
    await gw.app.policy.refresh();
    assert.equal(await ask(), 403);
    const hashes = (await gw.app.store.audit.read({ limit: 100 })).filter((r) => r.kind === 'decision').map((r) => r.data.policy_hash);
    assert.equal(hashes.length, 3);
    assert.notEqual(hashes[1], hashes[0], 'each decision names the policy that made it');
    assert.equal(hashes[2], hashes[0], 'the default document again is the same policy');
  });
});

describe('policy diff', () => {
  test('the shipped example, semantically: only the self-hosted model loses mainland China, from 2026-12-01', async () => {
    const d = evidenceHarness(CONFIG);
    try {
      const { value } = await d.json<{ steps: { at: string; providers: { provider: string; opened: unknown[]; closed: { place: string; from: { rule: string }; to: { rule: string } }[] }[] }[] }>(
        'policy', 'diff', 'data/presets/default-policy.yaml', EXAMPLE, '--at', '2026-11-15',
      );
      // The admin API's answer (one view for both edges), checked against its strict schema.
      const parsed = PolicyDiff.safeParse(value);
      assert.ok(parsed.success, parsed.error?.message);
      assert.deepEqual([parsed.data.base.policy, parsed.data.candidate.policy], ['data/presets/default-policy.yaml', EXAMPLE]);
      assert.deepEqual(value.steps.map((s) => s.at), ['2026-11-15T00:00:00Z', '2026-12-01T00:00:00Z']);
      assert.deepEqual(value.steps[0]?.providers, [], 'nothing changes before the rule takes effect');
      assert.deepEqual(value.steps[1]?.providers.map((p) => [p.provider, p.opened.length, p.closed.map((c) => [c.place, c.from.rule, c.to.rule])]), [
        ['my-vllm', 0, [['CN', 'operator.default', 'operator.cn_deepseek_only']]],
      ]);
      const text = await d.run('policy', 'diff', 'data/presets/default-policy.yaml', EXAMPLE, '--at', '2026-11-15');
      assert.match(text.out, /At 2026-11-15:\n {2}no provider changes anywhere\nFrom 2026-12-01:\n {2}my-vllm\n {4}closed CN {2}\(now operator\.cn_deepseek_only\)/);
    } finally {
      d.dispose();
    }
  });

  test('dropping the sanctions preset opens every sanctioned place for every provider', async () => {
    const d = evidenceHarness(CONFIG);
    try {
      const { value } = await d.json<{ steps: { providers: { provider: string; opened: { place: string }[]; closed: unknown[] }[] }[] }>('policy', 'diff', 'config', NO_SANCTIONS);
      const deepseek = value.steps[0]?.providers.find((p) => p.provider === 'deepseek');
      assert.deepEqual(deepseek?.opened.map((c) => c.place), [
        ...['CU', 'IR', 'KP', 'RU-CR', 'RU-CRI', 'RU-DON', 'RU-LUG', 'RU-SEV', 'UA-09', 'UA-14', 'UA-40', 'UA-43'],
        ...[8654, 28761, 29031, 39089, 44139, 47939, 56587, 198899, 200007, 201776, 202279, 206810, 208890, 214721, 215167].map((a) => `AS${a}`),
      ]);
      assert.deepEqual(deepseek?.closed, []);
    } finally {
      d.dispose();
    }
  });
});
