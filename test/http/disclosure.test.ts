/**
 * What the callers' port discloses: readiness without backend details (those go to the admin port, or
 * to an admin token on the shared port), no `/metrics` when the admin port is configured, and upstream
 * failures without the upstream's address (which stays in the log). And `/readyz` says not ready when
 * the store cannot take a write, since then every allowed request is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import type { Logger } from '../../src/observability/logger.js';
import type { Store } from '../../src/store/index.js';
import { startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';

interface ReadyBody {
  status: string;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

const logs: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
const logged = new EventEmitter();
const logger: Logger = {
  log(level, msg, fields) {
    logs.push({ level, msg, fields });
    logged.emit('line', msg);
  },
};

const base = {
  enforcement: { enabled: false },
  providers: { dead: { preset: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1', timeout_ms: 2000 } },
  models: { down: { deployments: [{ provider: 'dead', model: 'm', price: { input: 1, output: 1 } }] } },
};

async function readyz(url: string, token?: string): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${url}/readyz`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

describe('one port for callers and the admin API', () => {
  let gw: GatewayFixture;
  before(async () => {
    gw = await startGateway(base, { overrides: { logger } });
  });
  after(() => gw?.close());

  test('/readyz shows each check\'s state to anyone, its details only with an admin token', async () => {
    const anyone = await readyz(gw.url);
    assert.equal(anyone.status, 200);
    for (const check of Object.values(anyone.body.checks)) assert.deepEqual(Object.keys(check), ['ok']);
    const token = (await gw.app.store.adminTokens.create({ name: 'ops', role: 'read' })).secret;
    const operator = await readyz(gw.url, token);
    assert.ok(Object.values(operator.body.checks).some((c) => typeof c.detail === 'string'), JSON.stringify(operator.body));
    const wrong = await readyz(gw.url, 'ck-admin-not-a-token');
    for (const check of Object.values(wrong.body.checks)) assert.deepEqual(Object.keys(check), ['ok']);
  });

  test('a 502 names the provider and the failure, not the upstream\'s address; the log has it', async () => {
    const key = await gw.createKey();
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify({ model: 'down', messages: [] }) });
    assert.equal(res.status, 502);
    const text = await res.text();
    assert.doesNotMatch(text, /127\.0\.0\.1|:9\b/);
    assert.equal((JSON.parse(text) as { error: { message: string } }).error.message, 'No upstream provider could serve this request: tried dead (ECONNREFUSED)');
    const line = logs.find((l) => l.msg === 'request refused' && l.fields?.decision_id === res.headers.get('x-cordon-decision-id'));
    assert.match(String(line?.fields?.cause), /ECONNREFUSED 127\.0\.0\.1:9/);
  });

  test('a store that cannot take a write: /readyz 503, with the reason for the operator', async () => {
    const store = gw.app.store as { -readonly [K in keyof Store]: Store[K] };
    const probeWrite = store.probeWrite;
    store.probeWrite = () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    try {
      const token = (await gw.app.store.adminTokens.create({ name: 'ops2', role: 'read' })).secret;
      // The background check notices within its interval and logs the change once.
      for (;;) {
        const [msg] = (await once(logged, 'line')) as [string];
        if (msg.startsWith('store unavailable')) break;
      }
      const r = await readyz(gw.url, token);
      assert.equal(r.status, 503);
      assert.equal(r.body.status, 'not_ready');
      assert.equal(r.body.checks.store?.ok, false);
      assert.equal(r.body.checks.store?.detail, 'store unavailable: cannot take a write: SQLITE_FULL: database or disk is full');
    } finally {
      store.probeWrite = probeWrite;
    }
    for (;;) {
      const [msg] = (await once(logged, 'line')) as [string];
      if (msg === 'store available again') break;
    }
    assert.equal((await readyz(gw.url)).status, 200);
  });

  test('the real write probe passes on a writable store', async () => {
    await gw.app.store.probeWrite();
  });
});

describe('an admin port', () => {
  let gw: GatewayFixture;
  let admin: string;
  before(async () => {
    gw = await startGateway({ ...base, admin: { port: 0 } });
    admin = `http://127.0.0.1:${gw.app.admin.address()?.port ?? 0}`;
  });
  after(() => gw?.close());

  test('/metrics moves to the admin port: the callers\' port answers 404', async () => {
    assert.equal((await fetch(`${gw.url}/metrics`)).status, 404);
    const res = await fetch(`${admin}/metrics`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /cordon_requests_total/);
  });

  test('/readyz: state on the callers\' port, details on the admin port only', async () => {
    const token = (await gw.app.store.adminTokens.create({ name: 'ops', role: 'admin' })).secret;
    const callers = await readyz(gw.url, token);
    assert.equal(callers.status, 200);
    for (const check of Object.values(callers.body.checks)) assert.deepEqual(Object.keys(check), ['ok'], 'no details there, token or not');
    const operator = await readyz(admin);
    assert.equal(operator.status, 200);
    assert.ok(Object.values(operator.body.checks).some((c) => typeof c.detail === 'string'));
  });
});
