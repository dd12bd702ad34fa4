/**
 * A caller can hold its body back for as long as the server lets it (60 s by default). A key blocked or
 * suspended meanwhile refuses the request when its body arrives: nothing reaches the upstream, and the
 * request's own signals cannot lift the block (docs/enforcement.md, "Standing").
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { PLACES, startEnforcementGateway, type EnforcementGateway } from './enforcement-fixture.js';

let env: EnforcementGateway;
before(async () => {
  env = await startEnforcementGateway({ server: { trusted_proxies: ['127.0.0.1/32'] } });
});
after(async () => env?.close());

/** Sends the headers and part of the body, runs `meanwhile`, then the rest; resolves with the answer. */
function heldRequest(secret: string, ip: string, meanwhile: () => Promise<void>): Promise<{ status: number; code: string | null }> {
  const body = JSON.stringify({ model: 'mock-ok', messages: [{ role: 'user', content: 'hi' }] });
  const url = new URL(`${env.gw.url}/v1/chat/completions`);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${secret}`, 'x-forwarded-for': ip, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    // Long enough for the gateway to have read the headers and identified the key.
    setTimeout(() => {
      meanwhile().then(() => req.end(body.slice(10)), reject);
    }, 100);
  });
}

test('a key blocked while a request holds its body back: that request is refused when the body arrives, and the block stands', async () => {
  const { secret, keyId, tenantId } = await env.key('held', 'DE');
  const seen = env.upstream.received.length;
  const store = env.gw.app.store;
  // From a VPN abroad: the request's own signals would reach the ladder's warning rung.
  const answer = await heldRequest(secret, PLACES.US_VPN, async () => {
    const at = env.clock.now();
    await store.enforcement.applyAction({ keyId, tenantId, kind: 'block', at, until: null, actor: 'operator:alice', rule: null, score: null, note: 'resold', violationIds: [], evidence: {} });
  });
  assert.deepEqual(answer, { status: 403, code: 'account_blocked' });
  assert.equal(env.upstream.received.length, seen, 'nothing reached the upstream');
  assert.equal((await store.accounts.getKey(keyId))?.status, 'blocked');
  assert.equal((await env.ask(secret, PLACES.DE)).code, 'account_blocked', 'and every request after it');
});
