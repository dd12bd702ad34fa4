/**
 * The attacker who wants to be served from Tehran, over real HTTP: Cordon (bundled geo data, the
 * built-in policy) behind a trusted proxy at 127.0.0.1, a mock upstream, the official `openai` client.
 *
 * - IPv6 addresses that carry an IPv4 address are decided on the address they carry: an Iranian
 *   client tunnelled through Teredo, 6to4, NAT64… is refused; the record keeps both addresses,
 *   truncated, and replay decides as the gateway did.
 * - Only the configured forwarding header counts: a client-written `Forwarded` (for=8.8.8.8,
 *   for=unknown, for=10.0.0.1) behind a proxy that appends to X-Forwarded-For changes nothing; an
 *   unreadable hop the proxy forwarded is a hidden origin, which the law layer refuses.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import OpenAI from 'openai';
import type { RecordedRequest } from '../../src/domain/recorded.js';
import type { Logger } from '../../src/observability/logger.js';
import { createJudge } from '../../src/simulation/index.js';
import { startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';

const IRAN = '5.160.0.1'; // IR in the bundled data (AS42337)
/** 5.160.0.1 as each form carries it. */
const TUNNELLED_IRAN: ReadonlyArray<readonly [kind: string, ip: string, recorded: string]> = [
  ['teredo', '2001:0:4136:e378:8000:63bf:fa5f:fffe', '2001:0:4136::/48'],
  ['6to4', '2002:5a0:1::1', '2002:5a0::/40'], // /48 would show the carried address whole: cut to 16 + 24 bits
  ['nat64', '64:ff9b::5.160.0.1', '64:ff9b::/48'],
  ['nat64', '64:ff9b:1::5a0:1', '64:ff9b:1::/48'],
  ['ipv4_compatible', '::5.160.0.1', '::/48'],
  ['ipv4_translated', '::ffff:0:5.160.0.1', '::/48'],
];
const TEREDO_US = '2001:0:4136:e378:8000:63bf:f7f7:f7f7'; // carries 8.8.8.8
const TEREDO_PRIVATE = '2001:0:4136:e378:8000:63bf:f5ff:fffe'; // carries 10.0.0.1

let upstream: MockUpstream;
let gw: GatewayFixture; // reads X-Forwarded-For (the default)
let gwForwarded: GatewayFixture; // reads Forwarded
let key: string;
let keyForwarded: string;
const warnings: string[] = [];
const logger: Logger = { log: (level, msg) => void (level === 'warn' && warnings.push(msg)) };

function config(header: 'x-forwarded-for' | 'forwarded') {
  return {
    server: { trusted_proxies: ['127.0.0.1/32'], forwarded_header: header },
    enforcement: { enabled: false },
    providers: { openai: { base_url: upstream.url }, deepseek: { base_url: upstream.url } },
    models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 1, output: 1 } }, { provider: 'deepseek', model: 'mock-ok', price: { input: 2, output: 2 } }] } },
  };
}

before(async () => {
  upstream = await startMockUpstream({ name: 'upstream' });
  gw = await startGateway(config('x-forwarded-for'), { overrides: { logger } });
  gwForwarded = await startGateway(config('forwarded'));
  key = await gw.createKey('acme', 'DE');
  keyForwarded = await gwForwarded.createKey('acme', 'DE');
});

after(async () => {
  await gw?.close();
  await gwForwarded?.close();
  await upstream?.close();
});

/** Asks `chat` through the official client with these headers (as the proxy passed them on). */
async function ask(headers: Record<string, string>, on: GatewayFixture = gw): Promise<{ status: number; id: string }> {
  const client = new OpenAI({ baseURL: `${on.url}/v1`, apiKey: on === gw ? key : keyForwarded, maxRetries: 0, defaultHeaders: headers });
  try {
    const { response } = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    return { status: response.status, id: response.headers.get('x-cordon-decision-id') ?? '' };
  } catch (err) {
    if (!(err instanceof OpenAI.APIError)) throw err;
    assert.equal(err.code, 'unsupported_country_region_territory');
    return { status: err.status ?? 0, id: err.headers?.get('x-cordon-decision-id') ?? '' };
  }
}

interface RecordedOrigin {
  ip: string;
  country: string | null;
  unknown: string | null;
  carrier?: { kind: string; ip: string; country: string | null; unknown: string | null; asn: number | null };
}

async function recordedOrigin(id: string, on: GatewayFixture = gw): Promise<RecordedOrigin> {
  const [record] = (await on.app.store.audit.findByRef(id)).filter((r) => r.kind === 'decision');
  return (record?.data as unknown as { origin: RecordedOrigin }).origin;
}

describe('addresses that carry another address', () => {
  for (const [kind, ip, recorded] of TUNNELLED_IRAN) {
    test(`${kind} ${ip} carrying an Iranian address is refused; the record keeps both addresses, truncated`, async () => {
      const seen = upstream.received.length;
      const { status, id } = await ask({ 'x-forwarded-for': ip });
      assert.equal(status, 403);
      assert.equal(upstream.received.length, seen, 'nothing reached the upstream');
      const origin = await recordedOrigin(id);
      assert.deepEqual([origin.ip, origin.country, origin.carrier?.kind, origin.carrier?.ip], ['5.160.0.0/24', 'IR', kind, recorded]);
    });
  }

  test('a Teredo client carrying a US address is served; one carrying a private address is internal traffic', async () => {
    const us = await ask({ 'x-forwarded-for': TEREDO_US });
    assert.equal(us.status, 200);
    assert.deepEqual(await recordedOrigin(us.id).then((o) => [o.ip, o.country, o.carrier?.kind]), ['8.8.8.0/24', 'US', 'teredo']);
    const internal = await ask({ 'x-forwarded-for': TEREDO_PRIVATE });
    assert.equal(internal.status, 200);
    assert.deepEqual(await recordedOrigin(internal.id).then((o) => [o.ip, o.unknown]), ['10.0.0.0/24', 'private']);
  });

  test('an IPv4-mapped address is the IPv4 address itself: refused, no carrier', async () => {
    const { status, id } = await ask({ 'x-forwarded-for': `::ffff:${IRAN}` });
    assert.equal(status, 403);
    assert.equal('carrier' in (await recordedOrigin(id)), false);
  });

  test('replaying the recorded requests decides exactly as the gateway did', async () => {
    const recorded: RecordedRequest[] = [];
    for await (const batch of gw.app.store.evidence.requests.scan({ from: null, to: null })) recorded.push(...batch);
    const carried = recorded.filter((r) => r.carrier !== null);
    assert.ok(carried.length >= TUNNELLED_IRAN.length + 2, `${carried.length} requests with a carrier`);
    const judge = createJudge([gw.app.policy.current().compiled]);
    for (const r of recorded) assert.equal(judge.servedBy(r)[0] === null, r.outcome === 'refused', r.requestId);
  });
});

describe('one forwarding header: the one the proxy writes', () => {
  // The proxy (nginx, `proxy_add_x_forwarded_for`) appended the real client, 5.160.0.1, to
  // X-Forwarded-For and passed the client's own Forwarded header through untouched.
  for (const spoof of ['for=8.8.8.8', 'for=unknown', 'for=_hidden', 'for=10.0.0.1', 'for="[::1]"', 'garbage']) {
    test(`a client-written Forwarded: ${spoof} changes nothing: refused`, async () => {
      assert.equal((await ask({ 'x-forwarded-for': IRAN, forwarded: spoof })).status, 403);
    });
  }

  test('a client-written X-Forwarded-For is left of the proxy\'s hop and never reached', async () => {
    for (const spoof of ['8.8.8.8', '10.0.0.1', 'unknown', '127.0.0.1']) {
      assert.equal((await ask({ 'x-forwarded-for': `${spoof}, ${IRAN}` })).status, 403, spoof);
    }
  });

  test('the ignored header was logged once, at warn', () => {
    const about = warnings.filter((w) => w.includes('forwarded, which is ignored'));
    assert.equal(about.length, 1, warnings.join('\n'));
    assert.match(about[0] ?? '', /server\.forwarded_header \(x-forwarded-for\)/);
  });

  test('an unreadable hop the trusted proxy forwarded is a hidden origin, refused by law', async () => {
    for (const value of ['unknown', 'garbage', `${IRAN},`]) {
      const { status, id } = await ask({ 'x-forwarded-for': value });
      assert.equal(status, 403, value);
      assert.deepEqual(await recordedOrigin(id).then((o) => [o.ip, o.country, o.unknown]), ['127.0.0.0/24', null, 'hidden'], value);
    }
  });

  test('with forwarded_header: forwarded, X-Forwarded-For is the client\'s text and Forwarded counts', async () => {
    assert.equal((await ask({ forwarded: `for=${IRAN}`, 'x-forwarded-for': '8.8.8.8' }, gwForwarded)).status, 403);
    assert.equal((await ask({ forwarded: 'for=8.8.8.8', 'x-forwarded-for': IRAN }, gwForwarded)).status, 200);
    // A proxy that writes X-Forwarded-For while Cordon reads Forwarded: not the proxy's own address (internal traffic), hidden.
    const misconfigured = await ask({ 'x-forwarded-for': '8.8.8.8' }, gwForwarded);
    assert.equal(misconfigured.status, 403);
    assert.equal((await recordedOrigin(misconfigured.id, gwForwarded)).unknown, 'hidden');
    // A client's unclosed quote would swallow the element the proxy appends (HAProxy `option forwarded`,
    // nginx "$http_forwarded, for=$remote_addr"): the header cannot be split, the client is hidden.
    for (const hop of ['for=unknown', 'for=_hidden', 'for="_abc123"', 'proto=https', 'for=not-an-ip', `for=8.8.8.8;x=", for=${IRAN}`, `for=${IRAN};for=8.8.8.8`]) {
      const { status, id } = await ask({ forwarded: hop }, gwForwarded);
      assert.equal(status, 403, hop);
      assert.equal((await recordedOrigin(id, gwForwarded)).unknown, 'hidden', hop);
    }
  });

  test('a second Forwarded line: the proxy\'s own element (the right-most) decides', async () => {
    // The client sent `Forwarded: for=8.8.8.8`; a proxy that adds its own line instead of appending.
    const body = JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] });
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${gwForwarded.url}/v1/chat/completions`);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          // Raw header pairs: two Forwarded lines, as they reach Cordon.
          headers: ['host', url.host, 'authorization', `Bearer ${keyForwarded}`, 'content-type', 'application/json', 'content-length', String(Buffer.byteLength(body)), 'forwarded', 'for=8.8.8.8', 'forwarded', `for=${IRAN}`],
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(status, 403);
  });
});
