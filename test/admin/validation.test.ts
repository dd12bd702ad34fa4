/**
 * Bad input, as a table: the request, then the `admin_invalid_request` answer's `param` and message.
 * The endpoints' schemas say it (src/admin/contract); the router names the field (a dotted path inside
 * a body object) and says `… is required.` when it is absent or null.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCall, startAdminGateway, type AdminFixture } from '../helpers/admin-fixture.js';

let fx: AdminFixture;
let key: string;

before(async () => {
  fx = await startAdminGateway();
  await fx.gw.createKey('acme', 'US');
  key = (await fx.gw.app.store.accounts.listKeys())[0]?.id ?? '';
});
after(() => fx?.close());

const INSTANT = 'expected an ISO date such as 2025-06-30 or a date-time with a zone such as 2025-06-30T12:00:00Z';
const NOTE = 'note: expected a string of 1 to 2000 printable characters.';
const REF = 'candidate: expected "live", { "version": N } or { "document": "…" }.';

type Case = readonly [request: string, body: unknown, param: string, message: string];
const CASES: readonly Case[] = [
  ['GET /admin/stats/countries?from=yesterday', undefined, 'from', `from: ${INSTANT}, got "yesterday".`],
  ['GET /admin/stats/timeline?from=2026-01-02&to=2026-01-01', undefined, 'from', '`from` must be before `to`.'],
  ['GET /admin/decisions?effect=maybe', undefined, 'effect', 'effect: expected one of allowed, refused, got "maybe".'],
  ['GET /admin/decisions?country=China', undefined, 'country', 'country: expected a two-letter ISO 3166-1 alpha-2 code such as DE, or unknown, got "China".'],
  ['GET /admin/decisions?before=', undefined, 'before', 'before: expected the `next` cursor of a previous page.'],
  ['GET /admin/decisions?limit=1.5', undefined, 'limit', 'limit: expected a whole number from 1 to 1000, got "1.5".'],
  ['GET /admin/accounts?limit=50001', undefined, 'limit', 'limit: expected a whole number from 1 to 50000, got "50001".'],
  ['POST /admin/accounts/KEY/block', {}, 'note', 'note is required.'],
  ['POST /admin/accounts/KEY/block', { note: null }, 'note', 'note is required.'],
  ['POST /admin/accounts/KEY/block', { note: '   ' }, 'note', NOTE],
  ['POST /admin/accounts/KEY/block', { note: 'a\u0001b' }, 'note', NOTE],
  ['POST /admin/accounts/KEY/block', { note: 'x'.repeat(2001) }, 'note', NOTE],
  ['POST /admin/accounts/KEY/suspend', { note: 'x', for: 'forever' }, 'for', 'for: expected a duration such as 30m, 12h or 7d, got "forever".'],
  ['POST /admin/tenants', { name: 'x', registered_country: 'Germany' }, 'registered_country', 'registered_country: expected a two-letter ISO 3166-1 alpha-2 code such as DE, got "Germany".'],
  ['POST /admin/tokens', { name: 'x', role: 'root' }, 'role', 'role: expected one of read, admin, got "root".'],
  ['GET /admin/policy/versions/abc', undefined, 'id', 'id: expected a policy version number such as 3, got "abc".'],
  ['POST /admin/policy/versions', { document: 'version: 1', reason: 'x', effective_from: 'soon' }, 'effective_from', `effective_from: ${INSTANT}, got "soon".`],
  ['POST /admin/policy/diff', { candidate: 'nope' }, 'candidate', REF],
  ['POST /admin/policy/diff', { candidate: {} }, 'candidate', REF],
  ['POST /admin/policy/diff', { candidate: { document: 5 } }, 'candidate.document', 'candidate.document: expected a string of 1 to 1048576 printable characters.'],
  ['POST /admin/policy/diff', { candidate: { version: 'x' } }, 'candidate.version', 'candidate.version: expected a policy version number such as 3, got "x".'],
  ['PUT /admin/policy/shadow', {}, 'candidate', 'candidate is required.'],
  ['PUT /admin/policy/shadow', { candidate: 'live' }, 'candidate', 'candidate: give a version or a document to run in shadow; the live policy is already live.'],
  ['GET /admin/usage?by=', undefined, 'by', 'by: expected a comma-separated list of day, tenant, key, country, provider, model.'],
  ['GET /admin/geo/not-an-ip', undefined, 'ip', 'ip: expected an IPv4 or IPv6 address, got "not-an-ip".'],
  ['GET /admin/check', undefined, 'ip', 'ip is required.'],
];

for (const [request, body, param, message] of CASES) {
  test(`${request} ${body === undefined ? '' : JSON.stringify(body).slice(0, 50)} → ${param}`, async () => {
    const [method, path] = request.replace('KEY', key).split(' ') as [string, string];
    const r = await adminCall<{ error: { code: string; param: string; message: string } }>(fx.adminUrl, path, { token: fx.adminToken, method, body });
    assert.equal(r.status, 400);
    assert.deepEqual([r.body.error.code, r.body.error.param, r.body.error.message], ['admin_invalid_request', param, message]);
  });
}

test('empty query values count as absent; extra body fields are ignored', async () => {
  assert.equal((await adminCall(fx.adminUrl, '/admin/decisions?limit=&effect=&key_id=&tenant=&country=', { token: fx.readToken })).status, 200);
  assert.equal((await adminCall(fx.adminUrl, '/admin/tenants', { token: fx.adminToken, method: 'POST', body: { name: 'extra', registered_country: null, colour: 'red' } })).status, 201);
});
