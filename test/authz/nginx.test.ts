/**
 * The real nginx in front of a mock upstream, deciding every request through `auth_request` to
 * Cordon's `/authz/http`, with the shipped example config (examples/decision-service/nginx.conf) and
 * only its addresses changed: an allowed origin is proxied (with the decision id), a refused one gets
 * Cordon's 403 body, a bad key 401, a suspended key 403 `account_suspended`, and the audit log holds
 * each decision. The client's origin comes through nginx's X-Forwarded-For (both on loopback, trusted).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PLACES, type EnforcementGateway } from '../enforcement/enforcement-fixture.js';
import { decisionRecord, startAuthzGateway, suspendedKey } from './authz-fixture.js';
import { nginxAvailable, startNginx, type RunningNginx } from '../helpers/nginx.js';

const EXAMPLE = new URL('../../examples/decision-service/nginx.conf', import.meta.url);

/** The example with the test's addresses; each line to change must be in it, so the example cannot drift from what is tested. */
function exampleConfig(port: number, cordonPort: number, upstreamPort: number): string {
  let text = readFileSync(EXAMPLE, 'utf8');
  const changes: [string, string][] = [
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${cordonPort};`],
    ['listen 8000;', `listen 127.0.0.1:${port};`],
    ['proxy_pass https://api.openai.com/;', `proxy_pass http://127.0.0.1:${upstreamPort}/;`],
    ['proxy_pass https://api.anthropic.com/;', `proxy_pass http://127.0.0.1:${upstreamPort}/;`],
  ];
  for (const [from, to] of changes) {
    assert.ok(text.includes(from), `the example config has "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

describe('nginx auth_request → Cordon /authz/http', nginxAvailable(), () => {
  let env: EnforcementGateway;
  let nginx: RunningNginx;
  let secret: string;

  before(async () => {
    env = await startAuthzGateway({
      providers: { openai: { simulated: true }, anthropic: { simulated: true } },
      authz: { http: true, paths: { '/openai/': 'openai', '/anthropic/': 'anthropic' } },
    });
    ({ secret } = await env.key('acme', 'US'));
    const cordonPort = Number(new URL(env.gw.url).port);
    nginx = await startNginx((port) => exampleConfig(port, cordonPort, env.upstream.port));
  });
  after(async () => {
    await nginx?.stop();
    await env?.close();
  });

  async function call(path: string, headers: Record<string, string>) {
    const res = await fetch(`${nginx.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'mock-ok', messages: [{ role: 'user', content: 'hi' }] }),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }


  test('an allowed origin is proxied to the upstream with the provider\'s key and the decision id; the decision is recorded', async () => {
    const seen = env.upstream.received.length;
    const r = await call('/openai/v1/chat/completions', { authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US });
    assert.equal(r.status, 200, r.text + nginx.errorLog());
    assert.equal(JSON.parse(r.text).object, 'chat.completion');
    const decisionId = r.headers.get('x-cordon-decision-id');
    assert.equal(r.headers.get('x-cordon-provider'), 'openai');
    const upstream = env.upstream.received.slice(seen);
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0]?.path, '/v1/chat/completions');
    assert.equal(upstream[0]?.headers.authorization, 'Bearer OPENAI_API_KEY', 'the caller\'s Cordon key does not reach the provider');
    assert.equal(upstream[0]?.headers['x-cordon-decision-id'], decisionId);
    const record = await decisionRecord(env, decisionId);
    assert.deepEqual([record.data.outcome, record.data.provider, record.data.endpoint, (record.data.origin as { country: string }).country], ['routed', 'openai', '/openai/v1/chat/completions', 'US']);
  });

  test('a refused origin gets Cordon\'s 403 body, never reaches the upstream, and is recorded', async () => {
    const seen = env.upstream.received.length;
    const r = await call('/openai/v1/chat/completions', { authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.KP });
    assert.equal(r.status, 403, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(JSON.parse(r.text), { error: { message: 'Country, region, or territory not supported', type: 'request_forbidden', param: null, code: 'unsupported_country_region_territory' } });
    assert.equal(env.upstream.received.length, seen);
    const record = await decisionRecord(env, r.headers.get('x-cordon-decision-id'));
    assert.deepEqual([record.data.outcome, record.data.code, (record.data.origin as { country: string }).country], ['refused', 'policy_region_denied', 'KP']);
  });

  test('a client cannot choose the provider decided: its x-cordon-provider against the routed path, or a path nginx decodes to another, is not served', async () => {
    const seen = env.upstream.received.length;
    const headers = { authorization: `Bearer ${secret}`, 'x-forwarded-for': PLACES.US, 'x-cordon-provider': 'anthropic' };
    // nginx routes both to /openai/ (it decodes %6F before matching locations); Cordon would have decided for Anthropic.
    for (const path of ['/openai/v1/chat/completions', '/%6Fpenai/v1/chat/completions']) {
      const r = await call(path, headers);
      assert.notEqual(r.status, 200, path);
    }
    assert.equal(env.upstream.received.length, seen, 'nothing reached the upstream');
    const same = await call('/openai/v1/chat/completions', { ...headers, 'x-cordon-provider': 'openai' });
    assert.equal(same.status, 200, 'a header that names the path\'s own provider is fine');
  });

  test('a bad key gets 401 with Cordon\'s body and no record', async () => {
    const r = await call('/openai/v1/chat/completions', { authorization: 'Bearer sk-cordon-wrong', 'x-forwarded-for': PLACES.US });
    assert.equal(r.status, 401, r.text);
    assert.equal(JSON.parse(r.text).error.code, 'invalid_api_key');
    assert.ok(r.headers.get('www-authenticate')?.startsWith('Bearer'));
    const decisionId = r.headers.get('x-cordon-decision-id');
    assert.ok(decisionId);
    assert.equal((await env.gw.app.store.audit.findByRef(decisionId)).length, 0, 'no key, no record (counted in /metrics)');
  });

  test('a suspended key gets 403 account_suspended (a Messages call: in Anthropic\'s error shape), recorded', async () => {
    const suspended = await suspendedKey(env);
    const r = await call('/anthropic/v1/messages', { 'x-api-key': suspended.secret, 'x-forwarded-for': PLACES.DE });
    assert.equal(r.status, 403, r.text);
    const decisionId = r.headers.get('x-cordon-decision-id');
    const body = JSON.parse(r.text);
    assert.deepEqual([body.type, body.error.type, body.error.code, body.request_id], ['error', 'permission_error', 'account_suspended', decisionId], 'a Messages call is refused in Anthropic\'s shape');
    const record = await decisionRecord(env, decisionId);
    assert.deepEqual([record.data.outcome, record.data.code, record.data.key_id, record.data.endpoint], ['refused', 'account_suspended', suspended.keyId, '/anthropic/v1/messages']);
  });
});
