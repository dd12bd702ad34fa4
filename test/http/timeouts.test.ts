/**
 * Connections a client holds without finishing its request are closed within the configured limits
 * (docs/limits.md): headers that never end, a body that never comes or trickles, an idle keep-alive,
 * and connections beyond `server.max_connections`. Raw sockets on loopback; every wait is for an event.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { sampleSum, scrape } from '../helpers/metrics.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { rawConnect, trickle, waitFor } from '../helpers/raw-socket.js';

const HEADERS_MS = 1000;
const REQUEST_MS = 1500;
const KEEP_ALIVE_MS = 1000;
/** What Node's timeout check may add: it runs every quarter of the shorter timeout, plus scheduling. */
const SLACK_MS = 1500;

let gw: GatewayFixture;
let key: string;
let upstream: MockUpstream;

before(async () => {
  // Answers REQUEST_MS + 300 ms after the request arrived.
  upstream = await startMockUpstream({ name: 'slow-upstream', slowMs: REQUEST_MS + 300 });
  gw = await startGateway({
    server: { headers_timeout_ms: HEADERS_MS, request_timeout_ms: REQUEST_MS, keep_alive_timeout_ms: KEEP_ALIVE_MS, max_connections: 4 },
    enforcement: { enabled: false },
    providers: { openai: { simulated: true }, mock: { preset: 'openai-compatible', base_url: upstream.url } },
    models: { chat: { deployments: [{ provider: 'openai', model: 'gpt-4o-mini' }] }, slow: { deployments: [{ provider: 'mock', model: 'mock-slow', price: { input: 1, output: 1 } }] } },
  });
  key = await gw.createKey();
});

after(async () => {
  await gw?.close();
  await upstream?.close();
});

const head = (extra = '') => `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-type: application/json\r\n${extra}`;

describe('slow and silent clients are closed', { timeout: 30_000 }, () => {
  test('headers with content-length: 100 and then no body: 408 and closed within request_timeout_ms', async () => {
    const c = await rawConnect(gw.url);
    c.socket.write(head('content-length: 100\r\n\r\n'));
    const { text, ms } = await c.closed;
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.ok(ms < REQUEST_MS + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
    assert.ok(ms >= REQUEST_MS - 50, `not before the timeout (${ms.toFixed(0)} ms)`);
  });

  test('a body trickled one byte at a time: closed at request_timeout_ms, though bytes keep coming', async () => {
    const c = await rawConnect(gw.url);
    c.socket.write(head('content-length: 100\r\n\r\n'));
    trickle(c.socket, '{"model":"chat","messages":[]}'.padEnd(100, ' '), 50);
    const { text, ms } = await c.closed;
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.ok(ms < REQUEST_MS + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
  });

  test('headers trickled one byte at a time: closed at headers_timeout_ms', async () => {
    const c = await rawConnect(gw.url);
    trickle(c.socket, head('x-pad: '.padEnd(400, 'a')), 20);
    const { text, ms } = await c.closed;
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.ok(ms < HEADERS_MS + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
  });

  test('a connection that sends nothing at all: closed at headers_timeout_ms', async () => {
    const c = await rawConnect(gw.url);
    const { ms } = await c.closed;
    assert.ok(ms < HEADERS_MS + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
  });

  test('an idle keep-alive connection after a complete request: closed after keep_alive_timeout_ms', async () => {
    const c = await rawConnect(gw.url);
    c.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
    await waitFor(c, '{"status":"ok"}');
    const answered = performance.now();
    await c.closed;
    const idle = performance.now() - answered;
    // Node keeps the socket a second longer than it advertises, so clients never race its close.
    assert.ok(idle < KEEP_ALIVE_MS + 1000 + SLACK_MS, `closed after ${idle.toFixed(0)} ms idle`);
  });

  test('an answer may take longer than request_timeout_ms once the request is whole', async () => {
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]?.message.content, 'Hello from slow-upstream');
  });
});

describe('server.max_connections', { timeout: 30_000 }, () => {
  test('a connection beyond the cap is closed on arrival and counted; once one closes, a new one is served', async () => {
    const before = sampleSum(await scrape(gw.url), 'cordon_connections_dropped_total');
    const held = await Promise.all([1, 2, 3, 4].map(() => rawConnect(gw.url)));
    // Each held socket sends a partial request, so each is known to the server before the next one.
    for (const c of held) c.socket.write('GET /healthz HTTP/1.1\r\n');
    const extra = await rawConnect(gw.url);
    const { text } = await extra.closed;
    assert.equal(text, '', 'closed without an answer');
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    const after = sampleSum(await scrape(gw.url), 'cordon_connections_dropped_total');
    assert.equal(after - before, 1);
    const again = await rawConnect(gw.url);
    again.socket.end('GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    assert.match((await again.closed).text, /^HTTP\/1\.1 200 /);
  });
});
