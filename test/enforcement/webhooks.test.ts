/**
 * Webhooks from the durable outbox: signed (the receiver verifies the HMAC), retried with backoff
 * after a failure, delivered after a restart, and never on the request path. The clock is injected;
 * delivery is driven by calling `deliverDue()`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildApp } from '../../src/app/build-app.js';
import { loadConfig } from '../../src/config/index.js';
import { verifyWebhook } from '../../src/enforcement/index.js';
import { sampleSum, scrape } from '../helpers/metrics.js';
import { PLACES, startEnforcementGateway, type EnforcementGateway } from './enforcement-fixture.js';

const HOOK_SECRET = 'whsec-test-0123456789';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly verified: boolean;
}

/** A webhook receiver answering with the next scripted status (200 when the script is used up). */
async function startReceiver(clock: () => number) {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, verified: verifyWebhook(HOOK_SECRET, body, String(req.headers['x-cordon-signature']), clock()) });
      res.writeHead(script.shift() ?? 200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, script, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let env: EnforcementGateway;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const ENV = { HOOK_SECRET };

before(async () => {
  let now = () => 0;
  receiver = await startReceiver(() => now());
  env = await startEnforcementGateway({ enforcement: { webhook: { url: receiver.url, secret: 'env:HOOK_SECRET', backoff: { base: '10s', max: '1h' } } } }, { env: ENV });
  now = env.clock.now;
});
after(async () => {
  await env?.close();
  await receiver?.close();
});

/** Three refused requests from North Korea: score 3, a warn, one webhook message. */
async function triggerWarn(): Promise<string> {
  const { secret, keyId } = await env.key('hooked', null);
  for (let i = 0; i < 3; i++) {
    env.clock.advance(1000);
    await env.ask(secret, PLACES.KP);
  }
  return keyId;
}

describe('webhooks', () => {
  test('an action is announced by a signed POST, retried after the receiver fails', async () => {
    const keyId = await triggerWarn();
    const worker = env.gw.app.enforcement.webhooks;
    assert.ok(worker);
    assert.equal(receiver.received.length, 0, 'nothing is sent on the request path');

    receiver.script.push(500);
    assert.deepEqual(await worker.deliverDue(), { delivered: 0, failed: 1, abandoned: 0 });
    assert.equal(receiver.received.length, 1);
    assert.deepEqual(await worker.deliverDue(), { delivered: 0, failed: 0, abandoned: 0 }, 'not due again before the backoff');

    env.clock.advance(10_000);
    assert.deepEqual(await worker.deliverDue(), { delivered: 1, failed: 0, abandoned: 0 });
    assert.equal(receiver.received.length, 2);
    const [first, second] = receiver.received;
    assert.ok(first?.verified && second?.verified, 'the receiver verified both signatures');
    assert.equal(first?.headers['x-cordon-event-id'], second?.headers['x-cordon-event-id'], 'the retry is the same event');
    assert.equal(first?.body, second?.body);

    const body = JSON.parse(second?.body ?? '{}') as { type: string; action: { kind: string; key_id: string; actor: string; violations: Array<{ rule: string; origin: { country: string } }> } };
    assert.equal(body.type, 'enforcement.action');
    assert.deepEqual([body.action.kind, body.action.key_id, body.action.actor], ['warn', keyId, 'ladder']);
    assert.deepEqual(body.action.violations.map((v) => [v.rule, v.origin.country]), Array(3).fill(['enforcement.denied_region', 'KP']));
    const [message] = await env.gw.app.store.enforcement.outbox.list();
    assert.deepEqual([message?.attempts, message?.deliveredAt, message?.lastError], [2, env.clock.now(), null]);

    const metrics = await scrape(env.gw.url);
    assert.deepEqual(
      ['delivered', 'failed', 'abandoned'].map((outcome) => sampleSum(metrics, 'cordon_webhook_deliveries_total', { outcome })),
      [1, 1, 0],
      'each delivery attempt counted by outcome',
    );
    assert.equal(sampleSum(metrics, 'cordon_enforcement_actions_total', { action: 'warn', actor: 'ladder' }), 1);
    assert.equal(sampleSum(metrics, 'cordon_violations_total', { signal: 'denied_region' }), 3);
  });

  // Last in this file: it closes the fixture's app (closing it again in after() is harmless).
  test('a restart loses no message: a new app on the same store delivers it', async () => {
    const before = receiver.received.length;
    await triggerWarn();
    assert.equal((await env.gw.app.store.enforcement.outbox.list({ pending: true })).length, 1);
    await env.gw.app.close();

    const config = loadConfig({ file: join(env.gw.dir, 'cordon.yaml'), env: ENV });
    const restarted = await buildApp(config, { now: env.clock.now, background: false, defaultMetrics: false });
    try {
      assert.deepEqual(await restarted.enforcement.webhooks?.deliverDue(), { delivered: 1, failed: 0, abandoned: 0 });
      assert.equal(receiver.received.length, before + 1);
      assert.ok(receiver.received.at(-1)?.verified);
      assert.deepEqual(await restarted.store.enforcement.outbox.list({ pending: true }), []);
    } finally {
      await restarted.close();
    }
  });
});
