/**
 * The OpenAPI document generated from the contract, against the real route table: the same
 * operations (method and path), the same role on each; a well-formed document (every operation has
 * its answers and errors, every path parameter is declared, every reference resolves); and every
 * documented operation answers something other than 404 with a valid admin token.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { adminRoutes, openapiDocument } from '../../src/admin/index.js';
import { adminDeps } from '../../src/app/admin.js';
import { silentLogger } from '../../src/observability/logger.js';
import { adminCall, startAdminGateway, type AdminFixture } from '../helpers/admin-fixture.js';
import { seedTraffic, WORLD_IPS } from '../helpers/seed-traffic.js';

interface Operation {
  readonly operationId: string;
  readonly tags: string[];
  readonly 'x-cordon-role': string;
  readonly parameters?: Array<{ name: string; in: string; required?: boolean; schema: unknown }>;
  readonly responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  readonly security?: unknown[];
}
type PathItem = Record<string, Operation>;
interface Document {
  readonly openapi: string;
  readonly tags: Array<{ name: string }>;
  readonly paths: Record<string, PathItem>;
  readonly components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let fx: AdminFixture;
const OPENAPI_DOCUMENT = openapiDocument() as unknown as Document;
const METHODS = ['get', 'post', 'put', 'delete'] as const;
const documented = Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m] !== undefined).map((m) => ({ method: m.toUpperCase(), path, op: item[m] as Operation })),
);

before(async () => {
  fx = await startAdminGateway();
});
after(() => fx?.close());

function routeTable() {
  const app = fx.gw.app;
  return adminRoutes(adminDeps(app.config, { store: app.store, origin: app.origin, data: app.data, policy: app.policy, now: Date.now, logger: silentLogger }));
}

test('every route in the table is documented with its role, and nothing else is', () => {
  const routes = routeTable().map(({ endpoint: e }) => `${e.method} ${e.path} ${e.role}`).sort();
  const docs = documented.filter((d) => d.op['x-cordon-role'] !== 'public').map((d) => `${d.method} ${d.path} ${d.op['x-cordon-role']}`).sort();
  assert.deepEqual(docs, routes);
});

test('the document is OpenAPI 3.1 with resolvable references, declared parameters and documented answers', () => {
  assert.equal(OPENAPI_DOCUMENT.openapi, '3.1.0');
  const text = JSON.stringify(OPENAPI_DOCUMENT);
  const refs = [...text.matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1] ?? '');
  assert.ok(refs.length > 20, 'named shapes are referenced');
  for (const ref of refs) assert.match(ref, /^#\/components\/schemas\/\w+$/, ref);
  for (const ref of refs) assert.ok(ref.split('/').at(-1)! in OPENAPI_DOCUMENT.components.schemas, `schema ${ref}`);
  const tags = new Set(OPENAPI_DOCUMENT.tags.map((t) => t.name));
  assert.equal(new Set(documented.map((d) => d.op.operationId)).size, documented.length, 'operation ids are unique');
  for (const d of documented) {
    const what = `${d.method} ${d.path}`;
    assert.ok(d.op.tags.every((t) => tags.has(t)), `${what}: its tags are declared`);
    const success = Object.keys(d.op.responses).filter((s) => s.startsWith('2'));
    assert.equal(success.length, 1, `${what}: one success answer`);
    assert.ok(d.op.responses[success[0]!]?.content?.['application/json']?.schema, `${what}: the success answer has a schema`);
    const inPath = [...d.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    assert.deepEqual(d.op.parameters?.filter((p) => p.in === 'path').map((p) => [p.name, p.required]) ?? [], inPath.map((n) => [n, true]), `${what}: its path parameters`);
    if (d.op['x-cordon-role'] === 'public') continue;
    assert.ok('400' in d.op.responses && '401' in d.op.responses, `${what} documents 400 and 401`);
    if (d.op['x-cordon-role'] === 'admin') assert.ok('403' in d.op.responses, `${what} documents 403`);
    if (inPath.length > 0) assert.ok('404' in d.op.responses, `${what} documents 404`);
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
