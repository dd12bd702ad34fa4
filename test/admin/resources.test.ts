/**
 * Each admin resource over real HTTP, on a Cordon with traffic sent through it by the `openai`
 * client: a happy path and a bad input each. The gateway's only provider plays OpenAI, so China,
 * North Korea, Russia and Crimea are refused, the rest allowed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { adminCall, startAdminGateway, type AdminFixture } from '../helpers/admin-fixture.js';
import { seedTraffic, WORLD_IPS, type SeedResult } from '../helpers/seed-traffic.js';

type Json = Record<string, unknown> & { data?: Array<Record<string, unknown>> };
let fx: AdminFixture;
let seeded: SeedResult;
const OPEN_CHINA = readFileSync(new URL('./policies/open-china.yaml', import.meta.url), 'utf8');
const NO_SANCTIONS = readFileSync(new URL('./policies/no-sanctions.yaml', import.meta.url), 'utf8');

const get = (path: string, token = fx.readToken) => adminCall<Json>(fx.adminUrl, path, { token });
const post = (path: string, body: unknown = {}, token = fx.adminToken, method = 'POST') => adminCall<Json>(fx.adminUrl, path, { token, method, body });
const codeOf = (r: { body: Json }) => (r.body.error as { code: string } | undefined)?.code;

before(async () => {
  fx = await startAdminGateway();
  seeded = await seedTraffic(fx.gw, [
    ['US', WORLD_IPS.US, 3],
    ['DE', WORLD_IPS.DE, 2],
    ['BR', WORLD_IPS.BR, 2],
    ['CN', WORLD_IPS.CN, 2],
    ['KP', WORLD_IPS.KP, 1],
    ['CRIMEA', WORLD_IPS.CRIMEA, 1],
  ]);
});
after(() => fx?.close());

describe('stats', () => {
  test('countries: allowed and refused per country and refused subdivisions', async () => {
    assert.deepEqual([seeded.allowed, seeded.refused], [7, 4]);
    const r = await get('/admin/stats/countries');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.totals, { allowed: 7, refused: 4 });
    const countries = r.body.countries as Array<{ country: string; allowed: number; refused: number }>;
    assert.deepEqual(countries.find((c) => c.country === 'CN'), { country: 'CN', allowed: 0, refused: 2 });
    assert.deepEqual(countries.find((c) => c.country === 'US'), { country: 'US', allowed: 3, refused: 0 });
    assert.deepEqual(r.body.subdivisions, [{ country: 'UA', subdivision: 'UA-43', allowed: 0, refused: 1 }, { country: 'BR', subdivision: 'BR-SP', allowed: 2, refused: 0 }]);
  });

  test('timeline: hourly buckets that add up; a bad period is a 400', async () => {
    const r = await get('/admin/stats/timeline');
    const points = r.body.points as Array<{ allowed: number; refused: number }>;
    assert.equal(points.length, 24);
    assert.deepEqual([points.reduce((n, p) => n + p.allowed, 0), points.reduce((n, p) => n + p.refused, 0)], [7, 4]);
    const bad = await get('/admin/stats/timeline?from=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(codeOf(bad), 'admin_invalid_request');
    assert.equal((bad.body.error as { param: string }).param, 'from');
    assert.equal((await get('/admin/stats/countries?from=2026-01-02&to=2026-01-01')).status, 400);
  });
});

describe('decisions', () => {
  test('search by country and effect, then one decision with its explanation', async () => {
    const r = await get('/admin/decisions?country=CN&effect=refused');
    const data = r.body.data as Array<{ id: string; effect: string; country: string; code: string }>;
    assert.equal(data.length, 2);
    assert.ok(data.every((d) => d.effect === 'refused' && d.country === 'CN' && d.code === 'policy_region_denied'));
    const one = await get(`/admin/decisions/${data[0]?.id}`);
    assert.equal(one.status, 200);
    const decision = one.body.decision as { outcome: string; decisions: Array<{ provider: string; effect: string; rule: string }> };
    assert.equal(decision.outcome, 'refused');
    assert.deepEqual(decision.decisions.map((d) => [d.provider, d.effect]), [['openai', 'deny']]);
    const rules = (one.body.rules as { by_id: Record<string, { layer: string } | null> }).by_id;
    assert.equal(rules[decision.decisions[0]?.rule ?? '']?.layer, 'terms');
    assert.ok((one.body.violations as unknown[]).length >= 1, 'the denied-region violation of that request');
    assert.equal((one.body.records as unknown[]).length, 1);
  });

  test('allowed decisions carry their usage; paging by cursor; bad filters and ids', async () => {
    const page1 = await get('/admin/decisions?effect=allowed&limit=4');
    assert.equal((page1.body.data as unknown[]).length, 4);
    const page2 = await get(`/admin/decisions?effect=allowed&limit=4&before=${String(page1.body.next)}`);
    assert.equal((page2.body.data as unknown[]).length, 3);
    const id = (page1.body.data as Array<{ id: string }>)[0]?.id ?? '';
    assert.equal(((await get(`/admin/decisions/${id}`)).body.usage as { usage?: { input_tokens: number } } | null)?.usage?.input_tokens, 11);
    assert.equal(codeOf(await get('/admin/decisions?effect=maybe')), 'admin_invalid_request');
    assert.equal(codeOf(await get('/admin/decisions?country=China')), 'admin_invalid_request');
    assert.equal((await get('/admin/decisions/dec_missing')).status, 404);
  });
});

describe('tenants and keys', () => {
  test('create a key (secret once), list without secrets, revoke; the key stops working', async () => {
    const created = await post('/admin/keys', { tenant: 'tenant-us' });
    assert.equal(created.status, 201);
    const secret = created.body.secret as string;
    assert.match(secret, /^sk-cordon-/);
    const listed = await get('/admin/keys?tenant=tenant-us');
    assert.equal((listed.body.data as unknown[]).length, 2);
    assert.doesNotMatch(JSON.stringify(listed.body), new RegExp(secret));
    const revoked = await post(`/admin/keys/${String(created.body.id)}/revoke`);
    assert.equal(revoked.body.status, 'revoked');
    const res = await fetch(`${fx.gw.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(res.status, 401);
  });

  test('bad input: unknown tenant, bad country, missing name, unknown key', async () => {
    assert.equal((await post('/admin/keys', { tenant: 'nobody' })).status, 404);
    assert.equal((await post('/admin/tenants', { name: 'x', registered_country: 'Germany' })).status, 400);
    assert.equal((await post('/admin/tenants', {})).status, 400);
    assert.equal((await post('/admin/keys/key_nope/revoke')).status, 404);
    assert.ok(((await get('/admin/tenants')).body.data as unknown[]).length >= 6);
  });
});

describe('accounts', () => {
  test('keys with violations are listed; suspend then reinstate with a note, seen in the timeline', async () => {
    const list = await get('/admin/accounts');
    const cn = (list.body.data as Array<{ id: string; tenant: string; violations: number; signals: string[] }>).find((a) => a.tenant === 'tenant-cn');
    assert.ok(cn && cn.violations >= 2 && cn.signals.includes('denied_region'), JSON.stringify(cn));
    const suspended = await post(`/admin/accounts/${cn.id}/suspend`, { note: 'investigating', for: '2h' });
    assert.equal(suspended.status, 201);
    assert.equal((suspended.body.key as { status: string }).status, 'suspended');
    const reinstated = await post(`/admin/accounts/${cn.id}/reinstate`, { note: 'appeal accepted' });
    assert.equal((reinstated.body.key as { status: string }).status, 'active');
    const shown = await get(`/admin/accounts/${cn.id}`);
    const timeline = shown.body.timeline as Array<{ type: string; kind?: string; note?: string; actor?: string }>;
    assert.deepEqual(timeline.slice(0, 2).map((t) => [t.kind, t.note, t.actor]), [['reinstate', 'appeal accepted', 'operator:alice'], ['suspend', 'investigating', 'operator:alice']]);
    assert.ok(timeline.some((t) => t.type === 'violation'));
    const audited = (await fx.gw.app.store.audit.findByRef(cn.id)).filter((r) => r.kind === 'action');
    assert.deepEqual(audited.map((r) => [r.data.action, r.data.actor, r.data.note, (r.data.evidence as { via?: string }).via]), [
      ['suspend', 'operator:alice', 'investigating', 'admin_api'], ['reinstate', 'operator:alice', 'appeal accepted', 'admin_api'],
    ], 'each action is in the audit log, about the key');
  });

  test('bad input: no note, a bad duration, an unknown key, a read token', async () => {
    const key = (await fx.gw.app.store.accounts.listKeys())[0]?.id ?? '';
    assert.equal(codeOf(await post(`/admin/accounts/${key}/block`, {})), 'admin_invalid_request');
    assert.equal(codeOf(await post(`/admin/accounts/${key}/suspend`, { note: 'x', for: 'forever' })), 'admin_invalid_request');
    assert.equal((await post('/admin/accounts/key_nope/block', { note: 'x' })).status, 404);
    assert.equal((await post(`/admin/accounts/${key}/block`, { note: 'x' }, fx.readToken)).status, 403);
  });
});

describe('policy', () => {
  test('diff and simulate a candidate against the live policy', async () => {
    const diff = await post('/admin/policy/diff', { candidate: { document: OPEN_CHINA } }, fx.readToken);
    assert.equal(diff.status, 200);
    const openai = (diff.body.steps as Array<{ providers: Array<{ provider: string; opened: Array<{ place: string }>; closed: Array<{ place: string }> }> }>)[0]?.providers.find((p) => p.provider === 'openai');
    assert.ok(openai?.opened.some((c) => c.place === 'CN'));
    assert.ok(openai?.closed.some((c) => c.place === 'BR'));
    assert.ok(!openai?.opened.some((c) => c.place === 'KP'), 'sanctions still apply');
    const sim = await post('/admin/policy/simulate', { candidate: { document: OPEN_CHINA } }, fx.readToken);
    const rows = sim.body.rows as Array<{ change: string; country: string; requests: number }>;
    assert.deepEqual(rows.find((r) => r.country === 'CN' && r.change === 'opened')?.requests, 2);
    assert.deepEqual(rows.find((r) => r.country === 'BR' && r.change === 'closed')?.requests, 2);
  });

  test('apply needs an approval to open the law layer; applied versions list, show and roll back', async () => {
    const refused = await post('/admin/policy/versions', { document: NO_SANCTIONS, reason: 'test' });
    assert.equal(refused.status, 409);
    assert.equal((refused.body.error as { param: string }).param, 'approval');
    const applied = await post('/admin/policy/versions', { document: OPEN_CHINA, reason: 'expansion test' });
    assert.equal(applied.status, 201);
    const id = (applied.body.version as { id: number }).id;
    const versions = await get('/admin/policy/versions');
    assert.equal((versions.body.data as Array<{ id: number; author: string }>)[0]?.author, 'operator:alice');
    assert.equal(((await get(`/admin/policy/versions/${id}`)).body.document as string).includes('operator.no_brazil'), true);
    const back = await post(`/admin/policy/versions/${id}/rollback`, { reason: 'undo' });
    assert.equal(back.status, 201);
    assert.equal((back.body.version as { restores: number }).restores, id);
  });

  test('shadow on, report, off; bad documents and ids are 400/404', async () => {
    assert.equal((await post('/admin/policy/shadow', { candidate: { document: OPEN_CHINA } }, fx.adminToken, 'PUT')).status, 201);
    const shadow = await get('/admin/policy/shadow');
    assert.equal(shadow.body.running, true);
    assert.equal((await post('/admin/policy/shadow', {}, fx.adminToken, 'DELETE')).status, 200);
    assert.equal((await post('/admin/policy/shadow', {}, fx.adminToken, 'DELETE')).status, 404);
    assert.equal(codeOf(await post('/admin/policy/diff', { candidate: { document: 'version: 99' } }, fx.readToken)), 'admin_invalid_request');
    assert.equal((await get('/admin/policy/versions/999')).status, 404);
    assert.equal((await get('/admin/policy/versions/abc')).status, 400);
    assert.equal(codeOf(await post('/admin/policy/versions', { document: OPEN_CHINA, reason: 'x', effective_from: 'soon' })), 'admin_invalid_request');
    assert.equal((await post('/admin/policy/versions', { document: OPEN_CHINA })).status, 400, 'a reason is required');
  });
});

describe('reports, geo and check', () => {
  test('audit verify, usage and reach', async () => {
    const verify = await get('/admin/audit/verify');
    assert.equal(verify.body.ok, true);
    assert.ok((verify.body.checked as number) >= 11);
    const usage = await get('/admin/usage?by=country');
    assert.deepEqual((usage.body.data as Array<{ country: string; requests: number }>).find((r) => r.country === 'US')?.requests, 3);
    assert.equal((await get('/admin/usage?by=planet')).status, 400);
    const reach = await get('/admin/reach');
    assert.equal(reach.body.refused, 4);
  });

  test('geo lookup and check, with the JSON of cordon check --json', async () => {
    const geo = await get(`/admin/geo/${WORLD_IPS.CRIMEA}`);
    assert.deepEqual([geo.body.country, geo.body.subdivisions], ['UA', ['UA-43']]);
    const check = await get(`/admin/check?ip=${WORLD_IPS.KP}&at=2026-01-01`);
    assert.deepEqual(Object.keys(check.body), ['origin', 'at', 'policy_hash', 'decisions']);
    assert.equal((check.body.decisions as Array<{ effect: string; layer: string }>)[0]?.layer, 'law');
    // check shows the gateway's origin (the bundled hosting ASN list flags AS15169); geo lookup the databases alone.
    assert.deepEqual(((await get('/admin/check?ip=8.8.8.8')).body.origin as { anonymizer: string[] }).anonymizer, ['hosting']);
    assert.deepEqual((await get('/admin/geo/8.8.8.8')).body.anonymizer, []);
    assert.equal((await get('/admin/geo/not-an-ip')).status, 400);
    assert.equal((await get('/admin/check?ip=8.8.8.8&provider=nope')).status, 400);
  });
});
