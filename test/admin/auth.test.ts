/** Admin authentication and roles, in OpenAI's error shape: 401 without a good token, 403 for a read token on a write. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCall, startAdminGateway, type AdminFixture } from '../helpers/admin-fixture.js';

let fx: AdminFixture;

before(async () => {
  fx = await startAdminGateway();
});
after(() => fx?.close());

function assertError(answer: { status: number; body: unknown }, status: number, code: string): void {
  assert.equal(answer.status, status);
  const error = (answer.body as { error: { code: string; type: string; message: string; param: unknown } }).error;
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.ok('param' in error && typeof error.type === 'string', 'OpenAI error shape');
}

describe('admin authentication', () => {
  test('no token: 401 admin_unauthorized, saying how to send one', async () => {
    const r = await adminCall(fx.adminUrl, '/admin/tenants');
    assertError(r, 401, 'admin_unauthorized');
    assert.match(JSON.stringify(r.body), /Authorization: Bearer/);
  });

  test('a wrong token, an API key and a malformed header: 401', async () => {
    assertError(await adminCall(fx.adminUrl, '/admin/tenants', { token: 'ck-admin-not-a-real-token' }), 401, 'admin_unauthorized');
    const apiKey = await fx.gw.createKey('acme', 'US');
    assertError(await adminCall(fx.adminUrl, '/admin/tenants', { token: apiKey }), 401, 'admin_unauthorized');
    const res = await fetch(`${fx.adminUrl}/admin/tenants`, { headers: { authorization: `Basic ${fx.adminToken}` } });
    assert.equal(res.status, 401);
  });

  test('a read token may read but not write: 403 admin_forbidden naming the route', async () => {
    assert.equal((await adminCall(fx.adminUrl, '/admin/tenants', { token: fx.readToken })).status, 200);
    const r = await adminCall(fx.adminUrl, '/admin/tenants', { token: fx.readToken, method: 'POST', body: { name: 'evil' } });
    assertError(r, 403, 'admin_forbidden');
    assert.match(JSON.stringify(r.body), /POST \/admin\/tenants needs the admin role/);
    assert.equal(await fx.gw.app.store.accounts.findTenantByName('evil'), null, 'nothing was created');
    assertError(await adminCall(fx.adminUrl, '/admin/tokens', { token: fx.readToken }), 403, 'admin_forbidden');
  });

  test('an admin token may write', async () => {
    const r = await adminCall<{ name: string }>(fx.adminUrl, '/admin/tenants', { token: fx.adminToken, method: 'POST', body: { name: 'globex', registered_country: 'de' } });
    assert.equal(r.status, 201);
    assert.equal(r.body.name, 'globex');
  });

  test('a revoked token is refused from then on', async () => {
    const created = await adminCall<{ id: string; secret: string; role: string }>(fx.adminUrl, '/admin/tokens', { token: fx.adminToken, method: 'POST', body: { name: 'temp', role: 'read' } });
    assert.equal(created.status, 201);
    assert.match(created.body.secret, /^ck-admin-[A-Za-z0-9_-]{32}$/);
    assert.equal((await adminCall(fx.adminUrl, '/admin/session', { token: created.body.secret })).status, 200);
    assert.equal((await adminCall(fx.adminUrl, `/admin/tokens/${created.body.id}/revoke`, { token: fx.adminToken, method: 'POST' })).status, 200);
    const r = await adminCall(fx.adminUrl, '/admin/session', { token: created.body.secret });
    assertError(r, 401, 'admin_unauthorized');
    assert.match(JSON.stringify(r.body), /revoked/);
  });

  test('the session says who calls; tokens record their last use; secrets are never listed', async () => {
    const me = await adminCall<{ name: string; role: string; last_used_at: string | null }>(fx.adminUrl, '/admin/session', { token: fx.readToken });
    assert.deepEqual([me.body.name, me.body.role], ['grafana', 'read']);
    assert.notEqual(me.body.last_used_at, null);
    const listed = await adminCall(fx.adminUrl, '/admin/tokens', { token: fx.adminToken });
    assert.doesNotMatch(JSON.stringify(listed.body), new RegExp(fx.readToken));
    assert.doesNotMatch(JSON.stringify(listed.body), /secret/);
  });

  test('unknown admin paths are 404 admin_not_found and wrong methods 405, after authentication', async () => {
    assertError(await adminCall(fx.adminUrl, '/admin/nope', { token: fx.readToken }), 404, 'admin_not_found');
    assertError(await adminCall(fx.adminUrl, '/admin/nope'), 401, 'admin_unauthorized');
    const r = await adminCall(fx.adminUrl, '/admin/session', { token: fx.adminToken, method: 'DELETE' });
    assertError(r, 405, 'method_not_allowed');
    assert.equal(r.headers.get('allow'), 'GET');
  });

  test('the OpenAPI document needs no token; JSON answers are not cached', async () => {
    const r = await adminCall<{ openapi: string }>(fx.adminUrl, '/admin/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, '3.1.0');
    assert.equal((await adminCall(fx.adminUrl, '/admin/session', { token: fx.readToken })).headers.get('cache-control'), 'no-store');
  });

  test('a body that is not JSON is a 400 in the same shape', async () => {
    const res = await fetch(`${fx.adminUrl}/admin/tenants`, { method: 'POST', headers: { authorization: `Bearer ${fx.adminToken}`, 'content-type': 'application/json' }, body: '{nope' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_json');
  });
});
