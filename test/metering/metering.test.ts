/**
 * Metering end to end: Cordon and a mock upstream over real HTTP. Token usage is read from JSON and
 * streamed answers; the usage chunk Cordon asked for is removed unless the caller asked for it too;
 * recorded tokens and cost match the price table.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, IPS, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { recordsFor } from '../helpers/records.js';

let upstream: MockUpstream;
let gw: GatewayFixture;
let key: string;

before(async () => {
  upstream = await startMockUpstream({ name: 'metered' });
  gw = await startGateway({
    server: { trusted_proxies: ['127.0.0.1/32'] },
    providers: { openai: { base_url: upstream.url } },
    models: {
      chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 0.15, output: 0.6 } }] },
      cached: { deployments: [{ provider: 'openai', model: 'mock-cached', price: { input: 2.5, cached_input: 1.25, output: 10 } }] },
      free: { strategy: 'priority', deployments: [{ provider: 'openai', model: 'mock-ok' }] },
    },
  }, { overrides: { background: false } });
  key = await gw.createKey('acme', 'DE');
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

async function post(body: Record<string, unknown>): Promise<{ id: string; text: string; status: number }> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': IPS.DE },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
  return { id: res.headers.get('x-cordon-decision-id') ?? '', text: await res.text(), status: res.status };
}

/** The SSE `data:` payloads as parsed JSON (without `[DONE]`). */
function events(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
}

async function usageOf(requestId: string) {
  const [decision, usage] = await recordsFor(gw.app.store, requestId, 2);
  assert.equal(decision?.kind, 'decision');
  assert.equal(usage?.kind, 'usage');
  return usage?.data as Record<string, unknown>;
}

describe('metering', () => {
  test('a JSON answer: tokens from its usage, cost at the deployment price', async () => {
    const r = await post({ model: 'chat' });
    assert.equal(r.status, 200);
    assert.deepEqual((JSON.parse(r.text) as { usage: unknown }).usage, { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    const usage = await usageOf(r.id);
    assert.deepEqual(usage.usage, { input_tokens: 11, cached_input_tokens: 0, output_tokens: 7 });
    // 11 × $0.15/M + 7 × $0.60/M = $0.00000585
    assert.equal(usage.cost_nano_usd, 5850);
    assert.equal(usage.complete, true);
    assert.equal(usage.provider, 'openai');
    assert.equal(usage.upstream_model, 'mock-ok');
  });

  test('cached input tokens are billed at the cached price', async () => {
    const usage = await usageOf((await post({ model: 'cached' })).id);
    assert.deepEqual(usage.usage, { input_tokens: 11, cached_input_tokens: 5, output_tokens: 7 });
    // 6 × $2.50/M + 5 × $1.25/M + 7 × $10/M = $0.00009125
    assert.equal(usage.cost_nano_usd, 91_250);
  });

  test('a stream the caller did not ask usage for: Cordon asks, records it, and the caller never sees the chunk', async () => {
    const before = upstream.received.length;
    const r = await post({ model: 'chat', stream: true });
    assert.deepEqual(upstream.received[before]?.body?.stream_options, { include_usage: true }, 'usage was asked upstream');
    const seen = events(r.text);
    assert.equal(seen.length, 4, 'three content chunks and the finish chunk');
    assert.ok(seen.every((e) => !('usage' in e) && Array.isArray(e.choices) && e.choices.length === 1));
    assert.ok(r.text.endsWith('data: [DONE]\n\n'));
    assert.ok(!r.text.includes('\n\n\n'), 'no empty event is left where the chunk was');
    const usage = await usageOf(r.id);
    assert.deepEqual(usage.usage, { input_tokens: 11, cached_input_tokens: 0, output_tokens: 7 });
    assert.equal(usage.cost_nano_usd, 5850);
  });

  test('a stream the caller asked usage for: the caller sees the usage chunk, and it is recorded', async () => {
    const r = await post({ model: 'chat', stream: true, stream_options: { include_usage: true } });
    const last = events(r.text).at(-1);
    assert.deepEqual(last?.choices, []);
    assert.deepEqual(last?.usage, { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    const usage = await usageOf(r.id);
    assert.deepEqual(usage.usage, { input_tokens: 11, cached_input_tokens: 0, output_tokens: 7 });
  });

  test('a deployment without a price: tokens recorded, cost null', async () => {
    const usage = await usageOf((await post({ model: 'free' })).id);
    assert.deepEqual(usage.usage, { input_tokens: 11, cached_input_tokens: 0, output_tokens: 7 });
    assert.equal(usage.cost_nano_usd, null);
  });

  test('usage is rolled up per day, key, tenant, provider, model and country', async () => {
    const rows = await gw.app.store.evidence.usage.summary({ from: null, to: null }, ['tenant', 'country', 'provider', 'model']);
    const chat = rows.find((r) => r.group.model === 'mock-ok');
    assert.equal(chat?.group.tenant, 'acme');
    assert.equal(chat?.group.country, 'DE');
    assert.equal(chat?.group.provider, 'openai');
    assert.ok((chat?.requests ?? 0) >= 3);
    assert.equal(chat?.inputTokens, 11 * (chat?.requests ?? 0));
  });

  test('a refused request has a decision record and no usage', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': IPS.KP },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 403);
    const records = await gw.app.store.audit.findByRef(res.headers.get('x-cordon-decision-id') ?? '');
    assert.deepEqual(records.map((r) => r.kind), ['decision']);
    const data = records[0]?.data as Record<string, unknown>;
    assert.equal(data.outcome, 'refused');
    assert.equal(data.code, 'policy_region_denied');
    assert.deepEqual((data.origin as Record<string, unknown>).ip, '175.45.176.0/24');
  });
});
