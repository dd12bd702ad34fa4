/** Where the admin surface lives: its own port (the gateway's port then 404s it), or nowhere (`enabled: false`). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCall, startAdminGateway, type AdminFixture } from '../helpers/admin-fixture.js';

describe('admin on a separate port', () => {
  let fx: AdminFixture;
  before(async () => {
    fx = await startAdminGateway({ admin: { port: 0, host: '127.0.0.1' } });
  });
  after(() => fx?.close());

  test('the admin port serves /admin and /dashboard; the gateway port answers 404 for them', async () => {
    assert.notEqual(fx.adminUrl, fx.gw.url);
    assert.equal((await adminCall(fx.adminUrl, '/admin/session', { token: fx.readToken })).status, 200);
    const onGateway = await adminCall<{ error: { code: string } }>(fx.gw.url, '/admin/session', { token: fx.readToken });
    assert.equal(onGateway.status, 404);
    assert.equal(onGateway.body.error.code, 'unknown_url');
    assert.equal((await fetch(`${fx.gw.url}/dashboard/`)).status, 404);
    assert.equal((await fetch(`${fx.adminUrl}/dashboard`, { redirect: 'manual' })).status, 308);
  });

  test('the admin port serves nothing else: no OpenAI API there', async () => {
    const r = await adminCall<{ error: { code: string } }>(fx.adminUrl, '/v1/models');
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'unknown_url');
    assert.equal((await fetch(`${fx.gw.url}/healthz`)).status, 200);
  });
});

describe('admin disabled', () => {
  let fx: AdminFixture;
  before(async () => {
    fx = await startAdminGateway({ admin: { enabled: false } });
  });
  after(() => fx?.close());

  test('/admin/* and /dashboard answer 404 even with a valid token', async () => {
    for (const path of ['/admin/session', '/admin/openapi.json', '/dashboard', '/dashboard/app.js']) {
      const r = await fetch(`${fx.gw.url}${path}`, { headers: { authorization: `Bearer ${fx.adminToken}` } });
      assert.equal(r.status, 404, path);
    }
    assert.equal(fx.gw.app.admin.server, null);
  });
});

describe('dashboard files', () => {
  let fx: AdminFixture;
  before(async () => {
    fx = await startAdminGateway({ dashboardDir: '/nonexistent/cordon-dashboard' });
  });
  after(() => fx?.close());

  test('an unbuilt dashboard says how to build it (503); the admin API still works', async () => {
    const r = await fetch(`${fx.gw.url}/dashboard/`);
    assert.equal(r.status, 503);
    assert.match(await r.text(), /npm run build/);
    assert.equal((await adminCall(fx.gw.url, '/admin/session', { token: fx.readToken })).status, 200);
  });
});
