/**
 * End to end over real HTTP: Cordon and two mock upstreams on port 0, driven by the official `openai`
 * client. The client connects from 127.0.0.1, which this config trusts as a proxy, so the origin is
 * taken from X-Forwarded-For (the spoofing test below uses a gateway that trusts nothing).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startGateway, IPS, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';

let a: MockUpstream; // plays "openai" (cheaper in this config)
let b: MockUpstream; // plays "deepseek"
let gw: GatewayFixture;
let key: string;

function client(ip?: string, apiKey = key): OpenAI {
  return new OpenAI({ baseURL: `${gw.url}/v1`, apiKey, maxRetries: 0, defaultHeaders: ip ? { 'x-forwarded-for': ip } : {} });
}

const price = (input: number, output: number) => ({ input, output });

before(async () => {
  a = await startMockUpstream({ name: 'upstream-a' });
  b = await startMockUpstream({ name: 'upstream-b' });
  gw = await startGateway({
    server: { trusted_proxies: ['127.0.0.1/32'] },
    // One key from a dozen countries within seconds: the enforcement ladder would rightly suspend it
    // (test/enforcement/ covers that); these tests are about routing.
    enforcement: { enabled: false },
    providers: {
      openai: { base_url: a.url, api_key: 'env:TEST_OPENAI_KEY' },
      deepseek: { base_url: b.url },
      dead: { preset: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1', timeout_ms: 2000 },
    },
    models: {
      chat: { deployments: [{ provider: 'deepseek', model: 'mock-ok', price: price(0.27, 1.1) }, { provider: 'openai', model: 'mock-ok', price: price(0.15, 0.6) }] },
      'openai-only': { deployments: [{ provider: 'openai', model: 'mock-ok', price: price(2.5, 10) }] },
      flaky: { deployments: [{ provider: 'openai', model: 'mock-500', price: price(0.1, 0.1) }, { provider: 'deepseek', model: 'mock-ok', price: price(1, 1) }] },
      limited: { deployments: [{ provider: 'openai', model: 'mock-429', price: price(0.1, 0.1) }, { provider: 'deepseek', model: 'mock-ok', price: price(1, 1) }] },
      down: { deployments: [{ provider: 'dead', model: 'mock-ok', price: price(0.01, 0.01) }, { provider: 'deepseek', model: 'mock-ok', price: price(1, 1) }] },
      'all-down': { deployments: [{ provider: 'dead', model: 'mock-ok', price: price(0.01, 0.01) }] },
      cut: { deployments: [{ provider: 'openai', model: 'mock-cut-stream', price: price(1, 1) }] },
      thinking: { deployments: [{ provider: 'openai', model: 'mock-held-first-event', price: price(1, 1) }] },
    },
  }, { env: { TEST_OPENAI_KEY: 'sk-upstream-test' } });
  key = await gw.createKey('acme', 'US');
});

after(async () => {
  await gw?.close();
  await a?.close();
  await b?.close();
});

describe('routing by origin', () => {
  test('an allowed origin goes to the cheapest allowed provider, with the upstream key and model', async () => {
    const before = a.received.length;
    const { data, response } = await client(IPS.DE).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(data.choices[0]?.message.content, 'Hello from upstream-a');
    assert.equal(response.headers.get('x-cordon-provider'), 'openai');
    assert.match(response.headers.get('x-cordon-decision-id') ?? '', /^dec_[0-9a-f]{32}$/);
    const got = a.received[before];
    assert.equal(got?.headers.authorization, 'Bearer sk-upstream-test', 'the provider key goes upstream');
    assert.notEqual(got?.headers.authorization, `Bearer ${key}`, 'the caller key never goes upstream');
  });

  test('China: OpenAI\'s terms refuse it, so the request goes to DeepSeek', async () => {
    const before = b.received.length;
    const { data, response } = await client(IPS.CN).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(data.choices[0]?.message.content, 'Hello from upstream-b');
    assert.equal(response.headers.get('x-cordon-provider'), 'deepseek');
    assert.equal(b.received.length, before + 1);
  });

  for (const [place, ip] of [['North Korea', IPS.KP], ['Iran', IPS.IR], ['Crimea (by subdivision)', IPS.CRIMEA]] as const) {
    test(`${place}: refused in OpenAI's own shape, nothing reaches an upstream`, async () => {
      const seen = a.received.length + b.received.length;
      await assert.rejects(
        client(ip).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
        (err: unknown) => {
          assert.ok(err instanceof OpenAI.PermissionDeniedError, `expected PermissionDeniedError, got ${String(err)}`);
          assert.equal(err.status, 403);
          assert.equal(err.code, 'unsupported_country_region_territory');
          assert.equal(err.type, 'request_forbidden');
          assert.match(err.headers?.get('x-cordon-decision-id') ?? '', /^dec_/);
          return true;
        },
      );
      assert.equal(a.received.length + b.received.length, seen);
    });
  }

  test('a model only OpenAI serves is refused from China', async () => {
    await assert.rejects(client(IPS.CN).chat.completions.create({ model: 'openai-only', messages: [{ role: 'user', content: 'hi' }] }), OpenAI.PermissionDeniedError);
  });

  test('/v1/models lists only what the caller may reach from where it is', async () => {
    const fromCn = (await client(IPS.CN).models.list()).data.map((m) => m.id);
    const fromDe = (await client(IPS.DE).models.list()).data.map((m) => m.id);
    assert.ok(fromCn.includes('chat'));
    assert.ok(!fromCn.includes('openai-only'));
    assert.ok(fromDe.includes('openai-only'));
    assert.deepEqual((await client(IPS.KP).models.list()).data, []);
  });
});

describe('streaming', () => {
  test('SSE is relayed chunk by chunk', async () => {
    const stream = await client(IPS.US).chat.completions.create({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
    assert.equal(parts.join(''), 'Hello from upstream-a');
  });

  test('a stream whose first event is slow still gets its head at once (within the relay\'s short wait)', async () => {
    // The upstream sends its head and holds the events until the test lets them go: the head must reach
    // the caller while the events are still held (no clock in the test).
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-forwarded-for': IPS.US },
      body: JSON.stringify({ model: 'thinking', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    a.releaseHeld();
    const text = await res.text();
    assert.match(text, /Hello/);
    assert.match(text, /\[DONE\]/);
  });

  test('an upstream cut after the first byte becomes an SSE error event the SDK raises', async () => {
    const stream = await client(IPS.US).chat.completions.create({ model: 'cut', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const parts: string[] = [];
    await assert.rejects(async () => {
      for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
    }, (err: unknown) => err instanceof OpenAI.APIError && /upstream stream failed/i.test(err.message));
    assert.equal(parts.join(''), 'Hello from upstream-a', 'what arrived before the cut was relayed');
  });
});

describe('fallback', () => {
  for (const [model, why] of [['flaky', '500'], ['limited', '429'], ['down', 'a refused connection']] as const) {
    test(`falls back to the next allowed provider on ${why}`, async () => {
      const { data, response } = await client(IPS.US).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      assert.equal(data.choices[0]?.message.content, 'Hello from upstream-b');
      assert.equal(response.headers.get('x-cordon-provider'), 'deepseek');
    });
  }

  test('when every provider is unreachable the caller gets a 502 in OpenAI\'s shape', async () => {
    await assert.rejects(client(IPS.US).chat.completions.create({ model: 'all-down', messages: [{ role: 'user', content: 'hi' }] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.APIError);
      assert.equal(err.status, 502);
      assert.equal(err.code, 'upstream_unavailable');
      return true;
    });
  });
});

describe('accounts and bad input', () => {
  test('a missing or wrong key gets OpenAI\'s 401', async () => {
    await assert.rejects(client(IPS.US, 'sk-cordon-wrong').chat.completions.create({ model: 'chat', messages: [] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.AuthenticationError);
      assert.equal(err.code, 'invalid_api_key');
      return true;
    });
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"chat"}' });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'missing_api_key');
  });

  test('a revoked key is refused', async () => {
    const secret = await gw.createKey('revoked-co', 'DE');
    const created = await gw.app.store.accounts.findKeyBySecret(secret);
    await gw.app.store.accounts.revokeKey(created?.key.id ?? '');
    await assert.rejects(client(IPS.US, secret).chat.completions.create({ model: 'chat', messages: [] }), OpenAI.AuthenticationError);
  });

  test('an unknown model is a 404, a missing model a 400', async () => {
    await assert.rejects(client(IPS.US).chat.completions.create({ model: 'no-such-model', messages: [] }), (err: unknown) => err instanceof OpenAI.NotFoundError && err.code === 'model_not_found');
    const res = await raw('/v1/chat/completions', '{"messages":[]}');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'missing_model');
    assert.equal(res.body.error.param, 'model');
  });

  test('malformed JSON, a non-object body and an oversized body get OpenAI-shaped 4xx', async () => {
    const bad = await raw('/v1/chat/completions', '{"model": "chat",');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.type, 'invalid_request_error');
    assert.equal(bad.body.error.code, 'invalid_json');
    assert.equal((await raw('/v1/chat/completions', '[1,2]')).status, 400);
    const huge = await raw('/v1/chat/completions', JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(9 * 1024 * 1024) }] }));
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'request_too_large');
  });

  test('unknown paths and wrong methods are OpenAI-shaped, and every response has a decision id', async () => {
    const res = await fetch(`${gw.url}/v1/nope`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('x-cordon-decision-id') ?? '', /^dec_/);
    const wrong = await fetch(`${gw.url}/v1/chat/completions`);
    assert.equal(wrong.status, 405);
    const health = await fetch(`${gw.url}/healthz`);
    assert.equal(health.status, 200);
    assert.match(health.headers.get('x-cordon-decision-id') ?? '', /^dec_/);
  });
});

describe('metrics', () => {
  test('/metrics counts routed requests and refusals by provider, country and rule', async () => {
    await client(IPS.DE).chat.completions.create({ model: 'openai-only', messages: [{ role: 'user', content: 'hi' }] });
    await assert.rejects(client(IPS.KP).chat.completions.create({ model: 'chat', messages: [] }), OpenAI.PermissionDeniedError);
    const res = await fetch(`${gw.url}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /cordon_requests_total\{endpoint="\/chat\/completions",provider="openai",country="DE",status="200"\} [1-9]/);
    assert.match(text, /cordon_refusals_total\{endpoint="\/chat\/completions",code="policy_region_denied",country="KP",rule="law\.us_sanctions\.kp"\} [1-9]/);
    assert.match(text, /cordon_upstream_errors_total\{provider="openai",kind="500"\} [1-9]/, 'the fallback tests above saw a 500');
    assert.match(text, /cordon_added_seconds_count [1-9]/);
  });
});

describe('spoofing', () => {
  test('X-Forwarded-For from an untrusted peer changes nothing', async () => {
    const strict = await startGateway({
      providers: { openai: { base_url: a.url } },
      models: { 'openai-only': { deployments: [{ provider: 'openai', model: 'mock-ok', price: price(1, 1) }] } },
    });
    try {
      const secret = await strict.createKey('acme', 'US');
      const spoofing = new OpenAI({ baseURL: `${strict.url}/v1`, apiKey: secret, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': IPS.KP, forwarded: `for=${IPS.KP}`, 'cf-ipcountry': 'KP' } });
      const { response } = await spoofing.chat.completions.create({ model: 'openai-only', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      assert.equal(response.status, 200, 'the origin stays the socket address (loopback), which the default policy serves');
    } finally {
      await strict.close();
    }
  });
});

async function raw(path: string, body: string): Promise<{ status: number; body: { error: { code: string; type: string; param: string | null } } }> {
  const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-forwarded-for': IPS.US }, body });
  return { status: res.status, body: (await res.json()) as { error: { code: string; type: string; param: string | null } } };
}
