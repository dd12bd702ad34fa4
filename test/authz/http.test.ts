/**
 * `/authz/http`, the decision service's HTTP protocol, asked over plain HTTP the way nginx, Traefik and
 * Envoy ask it: the same decision as the gateway (key, origin from the trusted proxy's forwarding
 * header, policy, standing), recorded before the answer, with no upstream called; refusals in the
 * gateway's shape with the body repeated in `x-cordon-error-body`; the provider from
 * `x-cordon-provider`, `x-cordon-model` or the original URI.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PLACES, type EnforcementGateway } from '../enforcement/enforcement-fixture.js';
import { decisionRecord, startAuthzGateway, suspendedKey } from './authz-fixture.js';
import { sampleSum, scrape } from '../helpers/metrics.js';
import { startGateway } from '../helpers/gateway-fixture.js';

interface Asked {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

describe('/authz/http', () => {
  let env: EnforcementGateway;
  let secret: string;
  let keyId: string;

  before(async () => {
    env = await startAuthzGateway({
      // The decision service calls no provider: they are configured for policy (their terms) and the path map.
      providers: { openai: { simulated: true }, anthropic: { simulated: true }, embedder: { simulated: true } },
      models: { chat: { strategy: 'priority', deployments: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'anthropic', model: 'claude-haiku' }] } },
      authz: { http: true, paths: { '/openai/': 'openai', '/anthropic/': 'anthropic', '/openai/v1/embeddings': 'embedder' } },
    });
    ({ secret, keyId } = await env.key('acme', 'US'));
  });
  after(async () => env?.close());

  async function ask(headers: Record<string, string>, options: { method?: string; path?: string } = {}): Promise<Asked> {
    const res = await fetch(`${env.gw.url}${options.path ?? '/authz/http'}`, { method: options.method ?? 'GET', headers });
    return { status: res.status, headers: res.headers, body: await res.text() };
  }


  test('an allowed origin: 200 with the decision id and provider, the decision recorded as routed to that provider with no upstream model, no upstream called', async () => {
    const before = await scrape(env.gw.url);
    const a = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US, 'x-original-uri': '/openai/v1/chat/completions?stream=true' });
    assert.equal(a.status, 200, a.body);
    assert.equal(a.body, '');
    assert.equal(a.headers.get('x-cordon-provider'), 'openai');
    const record = await decisionRecord(env, a.headers.get('x-cordon-decision-id'));
    assert.deepEqual(
      [record.data.outcome, record.data.provider, record.data.upstream_model, record.data.endpoint, record.data.model, record.data.key_id, record.data.code],
      ['routed', 'openai', null, '/openai/v1/chat/completions', '', keyId, null],
    );
    assert.equal((record.data.origin as { country: string }).country, 'US');
    assert.equal(env.upstream.received.length, 0, 'the decision service calls no upstream');
    const now = await scrape(env.gw.url);
    assert.equal(sampleSum(now, 'cordon_authorizations_total', { provider: 'openai', country: 'US' }) - sampleSum(before, 'cordon_authorizations_total', { provider: 'openai', country: 'US' }), 1);
  });

  test('a refused origin: 403 with the gateway\'s error body, the same body in x-cordon-error-body, recorded and counted', async () => {
    const before = await scrape(env.gw.url);
    const a = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.KP, 'x-original-uri': '/openai/v1/chat/completions' }, { method: 'POST' });
    assert.equal(a.status, 403);
    assert.equal(JSON.parse(a.body).error.code, 'unsupported_country_region_territory');
    assert.equal(a.headers.get('x-cordon-error-body'), a.body);
    const record = await decisionRecord(env, a.headers.get('x-cordon-decision-id'));
    assert.deepEqual([record.data.outcome, record.data.code, record.data.provider], ['refused', 'policy_region_denied', null]);
    const now = await scrape(env.gw.url);
    assert.equal(sampleSum(now, 'cordon_refusals_total', { endpoint: '/authz', code: 'policy_region_denied', country: 'KP' }) - sampleSum(before, 'cordon_refusals_total', { endpoint: '/authz', code: 'policy_region_denied', country: 'KP' }), 1);
  });

  test('a refused Messages call (the original URI ends in /v1/messages) gets Anthropic\'s error shape', async () => {
    const a = await ask({ 'x-api-key': secret, 'x-forwarded-for': PLACES.KP, 'x-original-uri': '/anthropic/v1/messages' });
    assert.equal(a.status, 403);
    const body = JSON.parse(a.body);
    assert.deepEqual(body, { type: 'error', error: { type: 'forbidden', message: 'Country, region, or territory not supported', code: 'unsupported_country_region_territory' }, request_id: a.headers.get('x-cordon-decision-id') });
    assert.equal(a.headers.get('x-cordon-error-body'), a.body);
  });

  test('no key or an unknown key: 401 with WWW-Authenticate and no record; the key is read from x-api-key too', async () => {
    const none = await ask({ 'x-forwarded-for': PLACES.US, 'x-cordon-provider': 'openai' });
    assert.equal(none.status, 401);
    assert.equal(JSON.parse(none.body).error.code, 'missing_api_key');
    const bad = await ask({ authorization: 'Bearer sk-cordon-not-a-key', 'x-forwarded-for': PLACES.US, 'x-cordon-provider': 'openai' });
    assert.equal(bad.status, 401);
    assert.equal(bad.headers.get('www-authenticate'), 'Bearer');
    assert.equal(JSON.parse(bad.headers.get('x-cordon-error-body') ?? '').error.code, 'invalid_api_key');
    assert.equal((await env.gw.app.store.audit.findByRef(bad.headers.get('x-cordon-decision-id') ?? '')).length, 0);
    const apiKey = await ask({ 'x-api-key': secret, 'x-forwarded-for': PLACES.US, 'x-cordon-provider': 'anthropic' });
    assert.equal(apiKey.status, 200, apiKey.body);
    assert.equal(apiKey.headers.get('x-cordon-provider'), 'anthropic');
  });

  test('Envoy\'s HTTP ext_authz appends the original path after the prefix: mapped like X-Original-URI; the longest prefix wins', async () => {
    const a = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.DE }, { method: 'POST', path: '/authz/http/anthropic/v1/messages' });
    assert.equal(a.status, 200, a.body);
    assert.equal(a.headers.get('x-cordon-provider'), 'anthropic');
    assert.equal((await decisionRecord(env, a.headers.get('x-cordon-decision-id'))).data.endpoint, '/anthropic/v1/messages');
    const longest = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.DE, 'x-forwarded-uri': '/openai/v1/embeddings' });
    assert.equal(longest.headers.get('x-cordon-provider'), 'embedder');
  });

  test('the routed path decides the provider, never a header the client could write against it', async () => {
    const base = { authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US };
    const code = (a: Asked) => [a.status, JSON.parse(a.body).error?.code ?? null];
    // A header naming another provider than the path's: refused, with no record (nothing was decided).
    const against = await ask({ ...base, 'x-original-uri': '/openai/v1/chat/completions', 'x-cordon-provider': 'anthropic' });
    assert.deepEqual(code(against), [400, 'unknown_provider']);
    assert.equal((await env.gw.app.store.audit.findByRef(against.headers.get('x-cordon-decision-id') ?? '')).length, 0);
    const agreeing = await ask({ ...base, 'x-original-uri': '/openai/v1/chat/completions', 'x-cordon-provider': 'openai' });
    assert.equal(agreeing.headers.get('x-cordon-provider'), 'openai');
    // A path that maps otherwise once decoded (nginx routes the decoded form, HAProxy the written one).
    for (const uri of ['/%6Fpenai/v1/chat/completions', '/x/../openai/v1/chat/completions', '//openai/v1/chat/completions', '/openai/%zz']) {
      assert.deepEqual(code(await ask({ ...base, 'x-original-uri': uri, 'x-cordon-provider': 'anthropic' })), [400, 'unknown_provider'], uri);
    }
    // Two original URIs that disagree (Traefik sets X-Forwarded-Uri and forwards a client's X-Original-URI).
    const two = await ask({ ...base, 'x-forwarded-uri': '/openai/v1/chat/completions', 'x-original-uri': '/anthropic/v1/messages' });
    assert.deepEqual(code(two), [400, 'unknown_provider']);
    const twoSame = await ask({ ...base, 'x-forwarded-uri': '/openai/v1/chat/completions', 'x-original-uri': '/openai/v1/chat/completions?x=1' });
    assert.equal(twoSame.headers.get('x-cordon-provider'), 'openai');
    // A path authz.paths does not cover: the header decides (the proxy must set it itself).
    const unmapped = await ask({ ...base, 'x-original-uri': '/v1/messages', 'x-cordon-provider': 'anthropic' });
    assert.equal(unmapped.headers.get('x-cordon-provider'), 'anthropic');
  });

  test('x-cordon-model names a route: its providers are decided, narrowed to x-cordon-provider when both are sent', async () => {
    const byModel = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US, 'x-cordon-model': 'chat' });
    assert.equal(byModel.status, 200, byModel.body);
    assert.equal(byModel.headers.get('x-cordon-provider'), 'openai');
    const record = await decisionRecord(env, byModel.headers.get('x-cordon-decision-id'));
    assert.equal(record.data.model, 'chat');
    assert.deepEqual((record.data.decisions as { provider: string }[]).map((d) => d.provider), ['openai', 'anthropic']);
    const narrowed = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US, 'x-cordon-model': 'chat', 'x-cordon-provider': 'anthropic' });
    assert.equal(narrowed.headers.get('x-cordon-provider'), 'anthropic');
    const narrowedRecord = await decisionRecord(env, narrowed.headers.get('x-cordon-decision-id'));
    assert.deepEqual((narrowedRecord.data.decisions as { provider: string }[]).map((d) => d.provider), ['anthropic']);
  });

  test('what the service cannot decide: an unknown model 404, no provider or an unconfigured one 400 unknown_provider', async () => {
    const model = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US, 'x-cordon-model': 'gpt-9' });
    assert.deepEqual([model.status, JSON.parse(model.body).error.code], [404, 'model_not_found']);
    const none = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US, 'x-original-uri': '/elsewhere/v1/chat/completions' });
    assert.deepEqual([none.status, JSON.parse(none.body).error.code], [400, 'unknown_provider']);
    const unknown = await ask({ authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US, 'x-cordon-provider': 'nobody' });
    assert.deepEqual([unknown.status, JSON.parse(unknown.body).error.code], [400, 'unknown_provider']);
  });

  test('a suspended key: 403 account_suspended, recorded with its origin', async () => {
    const suspended = await suspendedKey(env);
    const a = await ask({ authorization: `Bearer ${suspended.secret}`, 'x-forwarded-for': PLACES.DE, 'x-cordon-provider': 'openai' });
    assert.equal(a.status, 403);
    assert.equal(JSON.parse(a.body).error.code, 'account_suspended');
    const record = await decisionRecord(env, a.headers.get('x-cordon-decision-id'));
    assert.deepEqual([record.data.outcome, record.data.code, record.data.key_id], ['refused', 'account_suspended', suspended.keyId]);
  });
});

test('without authz.http the path is unknown', async () => {
  const gw = await startGateway({}, { overrides: { background: false, defaultMetrics: false } });
  try {
    const res = await fetch(`${gw.url}/authz/http`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unknown_url');
  } finally {
    await gw.close();
  }
});
