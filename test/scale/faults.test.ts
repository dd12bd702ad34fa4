/**
 * What happens when Redis or PostgreSQL goes away and comes back (docs/scale-out.md, "Faults"): no
 * crash; no request served without its audit record (refused with 503 before the upstream is called);
 * a clear line in the logs and in /readyz; and service resumes by itself when the server is back.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildApp, type App } from '../../src/app/build-app.js';
import { verifyAuditLog } from '../../src/operations/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/observability/logger.js';
import { TEST_DATA_DIR } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { freePort } from '../helpers/private-redis.js';
import { freshSchema, POSTGRES_URL, postgresAvailable, sql, type TestSchema } from '../helpers/services.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

const pg = await postgresAvailable();
const PLACES = { US: '4.2.2.2', DE: '130.149.1.1', FR: '212.27.48.10', JP: '133.242.0.3', BR: '200.160.2.3' } as const;

interface Running {
  readonly app: App;
  readonly url: string;
  readonly upstream: MockUpstream;
  readonly lines: Array<{ level: string; msg: string }>;
  ask(secret: string, ip?: string): Promise<{ status: number; code: string | null }>;
  readyz(): Promise<{ status: number; body: { status: string; checks: Record<string, { ok: boolean; detail?: string }> } }>;
  close(): Promise<void>;
}

async function start(config: Record<string, unknown>): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-faults-'));
  const upstream = await startMockUpstream({ name: 'upstream' });
  const file = join(dir, 'cordon.yaml');
  writeFileSync(
    file,
    stringify({
      store: { url: `sqlite:${join(dir, 'cordon.sqlite')}` },
      server: { trusted_proxies: ['127.0.0.1/32'] },
      data_dir: TEST_DATA_DIR,
      geo: { watch: false },
      // /readyz's details are on the admin port (the callers' port says ready or not, without them).
      admin: { port: 0 },
      providers: { openai: { base_url: upstream.url, terms: null } },
      models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 1, output: 1 } }] } },
      ...config,
    }),
  );
  const lines: Array<{ level: string; msg: string }> = [];
  const logger: Logger = { log: (level, msg) => lines.push({ level, msg }) };
  const app = await buildApp(loadConfig({ file, env: {} }), { logger, defaultMetrics: false });
  const address = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    upstream,
    lines,
    async ask(secret, ip = PLACES.US) {
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
      });
      const body = (await res.json()) as { error?: { code?: string } };
      return { status: res.status, code: body.error?.code ?? null };
    },
    async readyz() {
      const res = await fetch(`http://127.0.0.1:${app.admin.address()?.port ?? 0}/readyz`);
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> } };
    },
    async close() {
      await app.close();
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createKey(app: App, tenant = 'acme'): Promise<string> {
  const t = await app.store.accounts.ensureTenant({ name: tenant, registeredCountry: null });
  return (await app.store.accounts.createKey(t.id)).secret;
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Redis with nothing listening', () => {
  test('the instance starts, serves, counts fan-out in process, and says so in /readyz and the log', async () => {
    const port = await freePort();
    const gw = await start({
      hot_state: { url: `redis://127.0.0.1:${port}` },
      enforcement: { impossible_travel: { enabled: false }, country_mismatch: false, fan_out: { max_countries: 2 }, weights: { denied_region: 0 } },
    });
    try {
      const secret = await createKey(gw.app);
      const ready = await gw.readyz();
      assert.equal(ready.status, 200, 'still ready: requests are served');
      assert.equal(ready.body.checks.hot_state?.ok, false);
      assert.match(ready.body.checks.hot_state?.detail ?? '', new RegExp(`127\\.0\\.0\\.1:${port} unavailable .*counting in process`));
      assert.equal((await gw.ask(secret, PLACES.US)).status, 200);
      assert.equal((await gw.ask(secret, PLACES.DE)).status, 200);
      assert.deepEqual(await gw.ask(secret, PLACES.FR), { status: 403, code: 'account_suspended' }, 'fan-out still counted, in process');
      assert.equal(gw.lines.filter((l) => /Redis unavailable/.test(l.msg)).length, 1, 'one line for the outage');
    } finally {
      await gw.close();
    }
  });
});

describe('PostgreSQL goes away and comes back', { skip: pg.skip ?? false }, () => {
  const schemas: TestSchema[] = [];
  after(() => Promise.all(schemas.map((s) => s.drop())));

  test('requests are refused (503, upstream never called) and /readyz says why; service resumes by itself', async () => {
    const target = new URL(POSTGRES_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const schema = freshSchema();
    schemas.push(schema);
    const viaProxy = new URL(schema.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const gw = await start({ store: { url: viaProxy.toString() } });
    try {
      const secret = await createKey(gw.app);
      assert.equal((await gw.ask(secret)).status, 200);
      const served = gw.upstream.received.length;

      await proxy.cut();
      const refused = await gw.ask(secret);
      assert.equal(refused.status, 503);
      assert.ok(['store_unavailable', 'audit_unavailable'].includes(refused.code ?? ''), String(refused.code));
      assert.equal(gw.upstream.received.length, served, 'the upstream was not called');
      const notReady = await eventually(() => gw.readyz(), (r) => r.status === 503);
      assert.match(notReady.body.checks.store?.detail ?? '', /^store unavailable: /);
      assert.ok(gw.lines.some((l) => l.level === 'error' && /^store unavailable/.test(l.msg)), 'logged');

      await proxy.restore();
      await eventually(() => gw.ask(secret), (r) => r.status === 200);
      await eventually(() => gw.readyz(), (r) => r.status === 200);
      assert.ok(gw.lines.some((l) => l.level === 'info' && l.msg === 'store available again'));
      const verified = await verifyAuditLog(gw.app.store);
      assert.equal(verified.ok, true);
    } finally {
      await gw.close();
      await proxy.close();
    }
  });

  test('an audit append that cannot be made durable refuses the request before the upstream is called', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const gw = await start({ store: { url: schema.url } });
    try {
      const secret = await createKey(gw.app);
      assert.equal((await gw.ask(secret)).status, 200);
      const served = gw.upstream.received.length;
      await sql(schema, `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$;
                         CREATE TRIGGER refuse BEFORE INSERT ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse()`);
      assert.deepEqual(await gw.ask(secret), { status: 503, code: 'audit_unavailable' });
      assert.equal(gw.upstream.received.length, served, 'the upstream was not called');
      await sql(schema, 'DROP TRIGGER refuse ON audit_log');
      assert.equal((await gw.ask(secret)).status, 200);
      assert.equal((await verifyAuditLog(gw.app.store)).ok, true, 'the failed batch left no trace in the chain');
    } finally {
      await gw.close();
    }
  });
});
