/**
 * The hand-written OpenAPI document against the real route table: the same operations (method and
 * path), the same role on each, and every documented operation answers something other than 404
 * with a valid admin token.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { adminRoutes, OPENAPI_DOCUMENT } from '../../src/admin/index.js';
import { adminDeps } from '../../src/app/admin.js';
import { silentLogger } from '../../src/observability/logger.js';
import { adminCall, startAdminGateway, type AdminFixture } from '../helpers/admin-fixture.js';
import { seedTraffic, WORLD_IPS } from '../helpers/seed-traffic.js';

interface Operation {
  readonly 'x-cordon-role': string;
  readonly responses: Record<string, unknown>;
  readonly security?: unknown[];
}
type PathItem = Record<string, Operation>;

let fx: AdminFixture;
const METHODS = ['get', 'post', 'put', 'delete'] as const;
const documented = Object.entries(OPENAPI_DOCUMENT.paths as unknown as Record<string, PathItem>).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m] !== undefined).map((m) => ({ method: m.toUpperCase(), path, op: item[m] as Operation })),
);

before(async () => {
  fx = await startAdminGateway();
});
after(() => fx?.close());

function routeTable() {
  const app = fx.gw.app;
  return adminRoutes(adminDeps(app.config, { store: app.store, origin: app.origin, policy: app.policy, now: Date.now, logger: silentLogger }));
}

test('every route in the table is documented with its role, and nothing else is', () => {
  const routes = routeTable().map((r) => `${r.method} ${r.path} ${r.role}`).sort();
  const docs = documented.filter((d) => d.op['x-cordon-role'] !== 'public').map((d) => `${d.method} ${d.path} ${d.op['x-cordon-role']}`).sort();
  assert.deepEqual(docs, routes);
});

test('the document is OpenAPI 3.1 with resolvable schema references and documented errors', () => {
  assert.equal(OPENAPI_DOCUMENT.openapi, '3.1.0');
  const text = JSON.stringify(OPENAPI_DOCUMENT);
  for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) assert.ok(name && name in OPENAPI_DOCUMENT.components.schemas, `schema ${name}`);
  for (const d of documented.filter((x) => x.op['x-cordon-role'] !== 'public')) {
    assert.ok('401' in d.op.responses, `${d.method} ${d.path} documents 401`);
    if (d.op['x-cordon-role'] === 'admin') assert.ok('403' in d.op.responses, `${d.method} ${d.path} documents 403`);
  }
});

test('every documented operation answers (not 404) with a valid token', async () => {
  const { keys } = await seedTraffic(fx.gw, [['DE', WORLD_IPS.DE, 1], ['KP', WORLD_IPS.KP, 1]]);
  const keyId = (await fx.gw.app.store.accounts.findKeyBySecret(keys.get('DE') ?? ''))?.key.id ?? '';
  const decisionId = ((await adminCall<{ data: Array<{ id: string }> }>(fx.adminUrl, '/admin/decisions', { token: fx.readToken })).body.data[0]?.id) ?? '';
  const document = readFileSync(new URL('./policies/open-china.yaml', import.meta.url), 'utf8');
  assert.equal((await adminCall(fx.adminUrl, '/admin/policy/versions', { token: fx.adminToken, method: 'POST', body: { document, reason: 'openapi test' } })).status, 201);
  const token = (await fx.gw.app.store.adminTokens.create({ name: 'to-revoke', role: 'read' })).token.id;
  const values: Record<string, string> = { id: '1', key: keyId, ip: WORLD_IPS.DE };
  const sample = (path: string): string => {
    if (path.startsWith('/admin/decisions/')) return path.replace('{id}', decisionId);
    if (path.startsWith('/admin/keys/')) return path.replace('{id}', keyId);
    if (path.startsWith('/admin/tokens/')) return path.replace('{id}', token);
    return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
  };
  const bodies: Record<string, unknown> = {
    'PUT /admin/policy/shadow': { candidate: { version: 1 } },
    'POST /admin/policy/diff': { candidate: { version: 1 } },
    'POST /admin/policy/simulate': { candidate: { version: 1 } },
  };
  // Writes that remove something run last, after the reads of what they remove.
  const order = (m: string) => ['GET', 'PUT', 'POST', 'DELETE'].indexOf(m);
  for (const d of [...documented].sort((a, b) => order(a.method) - order(b.method))) {
    const path = sample(d.path) + (d.path === '/admin/check' ? `?ip=${WORLD_IPS.KP}` : '');
    const r = await adminCall(fx.adminUrl, path, { token: fx.adminToken, method: d.method, body: d.method === 'GET' ? undefined : (bodies[`${d.method} ${d.path}`] ?? {}) });
    assert.notEqual(r.status, 404, `${d.method} ${path}: ${JSON.stringify(r.body)}`);
    assert.ok(r.status < 500, `${d.method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
});

test('served at /admin/openapi.json as written', async () => {
  const r = await adminCall(fx.adminUrl, '/admin/openapi.json');
  assert.deepEqual(r.body, JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
});
