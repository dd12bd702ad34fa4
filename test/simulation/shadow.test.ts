/**
 * Shadow mode: a candidate policy judges every request beside the live one; only the providers whose
 * effect differs are recorded, and the live decision is unchanged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Shadow } from '../../src/admin/contract/foresight.js';
import { startGateway, IPS, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { evidenceHarness, type EvidenceHarness } from '../helpers/evidence-harness.js';

// Live: the config's default policy. Shadow: mainland China on the self-hosted model only, which
// closes CN for DeepSeek (the only provider here that serves it).
const CANDIDATE = 'test/fixtures/policies/cn-self-hosted-only.yaml';
let upstream: MockUpstream;
let gw: GatewayFixture;
let h: EvidenceHarness;
let key: string;

before(async () => {
  upstream = await startMockUpstream({ name: 'up' });
  const config = {
    server: { trusted_proxies: ['127.0.0.1/32'] },
    providers: { openai: { base_url: upstream.url }, deepseek: { base_url: upstream.url } },
    models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 0.15, output: 0.6 } }, { provider: 'deepseek', model: 'mock-ok', price: { input: 0.27, output: 1.1 } }] } },
  };
  h = evidenceHarness(config);
  gw = await startGateway({ ...config, store: { url: `sqlite:${h.dbPath}` } }, { overrides: { background: false } });
  key = await gw.createKey('acme', 'US');
});

after(async () => {
  await gw?.close();
  await upstream?.close();
  h?.dispose();
});

async function ask(ip: string): Promise<{ status: number; provider: string | null }> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await res.arrayBuffer();
  return { status: res.status, provider: res.headers.get('x-cordon-provider') };
}

/** The differences recorded so far, once there are at least `n` (written after the answer, turn by turn). */
async function differences(n: number) {
  for (let i = 0; i < 200; i++) {
    const found = await gw.app.store.evidence.shadow.differences({ from: null, to: null }, 100);
    if (found.length >= n) return found;
    await nextTurn();
  }
  throw new Error(`fewer than ${n} shadow differences`);
}

describe('shadow policy', () => {
  test('only the differences are recorded, and the live decision stands', async () => {
    h.now = Date.now();
    const started = await h.run('policy', 'shadow', CANDIDATE);
    assert.equal(started.exitCode, 0, started.err);
    assert.equal(await gw.app.policy.refresh(), true);
    assert.notEqual(gw.app.policy.shadow(), null);

    assert.deepEqual(await ask(IPS.DE), { status: 200, provider: 'openai' }, 'both policies agree');
    assert.deepEqual(await ask(IPS.CN), { status: 200, provider: 'deepseek' }, 'live still serves China through DeepSeek');
    assert.deepEqual(await ask(IPS.CN), { status: 200, provider: 'deepseek' });
    assert.equal((await ask(IPS.KP)).status, 403, 'both policies refuse');

    const diffs = await differences(2);
    assert.deepEqual(diffs.map((d) => [d.country, d.provider, d.liveEffect, d.liveRule, d.shadowEffect, d.shadowRule]), [
      ['CN', 'deepseek', 'allow', 'operator.default', 'deny', 'operator.cn_self_hosted_only'],
      ['CN', 'deepseek', 'allow', 'operator.default', 'deny', 'operator.cn_self_hosted_only'],
    ]);

    const report = await h.json<{ running: boolean; from: string | null; report: { country: string; provider: string; change: string; requests: number; keys: number; shadow_rules: string[] }[] }>('policy', 'shadow-report');
    assert.deepEqual(report.value.report, [{ country: 'CN', provider: 'deepseek', change: 'allow_to_deny', requests: 2, keys: 1, shadow_rules: ['operator.cn_self_hosted_only'] }]);
    assert.equal(report.value.running, true);
    assert.equal(report.value.from, null, 'no --from: the range is open');
    // Over a closed range the CLI prints exactly the admin API's answer (one view for both edges).
    const closed = await h.json('policy', 'shadow-report', '--from', '2020-01-01', '--to', '2100-01-01');
    const parsed = Shadow.safeParse(closed.value);
    assert.ok(parsed.success, parsed.error?.message);
    assert.equal(parsed.data.report.length, 1);
    assert.match((await h.run('policy', 'shadow-report')).out, /CN +deepseek +allowed → refused +2 +1 +operator\.cn_self_hosted_only/);
  });

  test('stopped, nothing more is recorded', async () => {
    assert.match((await h.run('policy', 'shadow', '--off')).out, /Shadow policy stopped/);
    await gw.app.policy.refresh();
    assert.equal(gw.app.policy.shadow(), null);
    await ask(IPS.CN);
    assert.equal((await differences(2)).length, 2);
  });
});
