/**
 * The contract holds for real answers: every operation is called through the running admin API on a
 * Cordon with traffic sent through it (allowed and refused, usage, violations, actions, versions, a
 * shadow policy), and each answer must have its endpoint's success status and parse with its answer
 * schema, which is strict (a field the contract does not name fails). Errors parse with the shared
 * error shape.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { z } from 'zod/v4';
import { ENDPOINTS, ErrorAnswer, type AnswerOf, type Endpoint, type OperationId } from '../../src/admin/contract/index.js';
import { adminCall, startAdminGateway, type AdminFixture } from '../helpers/admin-fixture.js';
import { seedTraffic, WORLD_IPS } from '../helpers/seed-traffic.js';

let fx: AdminFixture;
const called = new Set<OperationId>();
const OPEN_CHINA = readFileSync(new URL('./policies/open-china.yaml', import.meta.url), 'utf8');
/** A Teredo address that carries 8.8.8.8. */
const TEREDO_US = '2001:0:4136:e378:8000:63bf:f7f7:f7f7';

before(async () => {
  fx = await startAdminGateway();
  await seedTraffic(fx.gw, [['US', WORLD_IPS.US, 2], ['DE', WORLD_IPS.DE, 1], ['CN', WORLD_IPS.CN, 2], ['KP', WORLD_IPS.KP, 1], ['CRIMEA', WORLD_IPS.CRIMEA, 1]]);
});
after(() => fx?.close());

function explain(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ');
}

/** Calls operation `id` at `path` (its method, an admin token); its answer must be its success and match its schema. */
async function answer<K extends OperationId>(id: K, path: string, body?: unknown): Promise<AnswerOf<K>> {
  const endpoint: Endpoint = ENDPOINTS[id];
  const r = await adminCall(fx.adminUrl, path, { token: fx.adminToken, method: endpoint.method, body });
  assert.equal(r.status, endpoint.status ?? 200, `${id} ${path}: ${JSON.stringify(r.body)}`);
  const parsed = endpoint.response.safeParse(r.body);
  assert.ok(parsed.success, `${id} ${path}: ${parsed.success ? '' : explain(parsed.error)}`);
  called.add(id);
  return r.body as AnswerOf<K>;
}

test('session, admin tokens, tenants and keys', async () => {
  await answer('getSession', '/admin/session');
  const token = await answer('createAdminToken', '/admin/tokens', { name: 'contract', role: 'read' });
  await answer('listAdminTokens', '/admin/tokens');
  await answer('revokeAdminToken', `/admin/tokens/${token.id}/revoke`);
  await answer('createTenant', '/admin/tenants', { name: 'contract-co' });
  await answer('createTenant', '/admin/tenants', { name: 'contract-de', registered_country: 'de' });
  await answer('listTenants', '/admin/tenants');
  const key = await answer('createKey', '/admin/keys', { tenant: 'contract-de' });
  await answer('listKeys', '/admin/keys');
  await answer('listKeys', '/admin/keys?tenant=contract-de');
  await answer('revokeKey', `/admin/keys/${key.id}/revoke`);
});

test('stats and decisions: allowed ones with their usage, refused ones with their violations', async () => {
  await answer('countryStats', '/admin/stats/countries');
  await answer('timelineStats', '/admin/stats/timeline?from=2026-01-01&to=2026-01-02');
  const all = await answer('searchDecisions', '/admin/decisions?limit=3');
  await answer('searchDecisions', `/admin/decisions?before=${all.next}&country=unknown`);
  for (const effect of ['allowed', 'refused']) {
    const found = await answer('searchDecisions', `/admin/decisions?effect=${effect}`);
    const one = await answer('getDecision', `/admin/decisions/${found.data[0]?.id}`);
    assert.equal(effect === 'allowed' ? one.usage !== null : one.violations.length > 0, true, `${effect}: the decision's evidence`);
  }
});

test('accounts: the list, every action, and a timeline with violations and actions', async () => {
  const accounts = await answer('listAccounts', '/admin/accounts?limit=100');
  const cn = accounts.data.find((a) => a.tenant === 'tenant-cn');
  assert.ok(cn, 'the key refused in China has violations');
  await answer('warnAccount', `/admin/accounts/${cn.id}/warn`, { note: 'first warning' });
  await answer('suspendAccount', `/admin/accounts/${cn.id}/suspend`, { note: 'investigating', for: '2h' });
  await answer('blockAccount', `/admin/accounts/${cn.prefix}/block`, { note: 'resold' });
  await answer('reinstateAccount', `/admin/accounts/${cn.id}/reinstate`, { note: 'appeal accepted' });
  const account = await answer('getAccount', `/admin/accounts/${cn.id}`);
  assert.deepEqual([...new Set(account.timeline.map((t) => t.type))].sort(), ['action', 'violation']);
  await answer('listAccounts', '/admin/accounts');
});

test('policy versions, diff, simulation and shadow', async () => {
  await answer('getShadow', '/admin/policy/shadow');
  const applied = await answer('applyPolicyVersion', '/admin/policy/versions', { document: OPEN_CHINA, reason: 'contract test', source: 'open-china.yaml' });
  await answer('listPolicyVersions', '/admin/policy/versions');
  await answer('getPolicyVersion', `/admin/policy/versions/${applied.version.id}`);
  await answer('diffPolicies', '/admin/policy/diff', { base: 'live', candidate: { version: applied.version.id }, at: '2026-01-01' });
  await answer('diffPolicies', '/admin/policy/diff', { candidate: { document: OPEN_CHINA } });
  await answer('simulatePolicy', '/admin/policy/simulate', { candidate: { document: OPEN_CHINA } });
  await answer('rollbackPolicyVersion', `/admin/policy/versions/${applied.version.id}/rollback`, { reason: 'undo', approval: 'none needed' });
  await answer('startShadow', '/admin/policy/shadow', { candidate: { version: applied.version.id } });
  await answer('getShadow', '/admin/policy/shadow?from=2020-01-01');
  await answer('stopShadow', '/admin/policy/shadow');
});

test('reports, presets, geo and check', async () => {
  await answer('verifyAudit', '/admin/audit/verify');
  await answer('usageReport', '/admin/usage');
  await answer('usageReport', '/admin/usage?by=day,tenant,key,country,provider,model');
  await answer('reachReport', '/admin/reach');
  await answer('listPresets', '/admin/presets');
  await answer('geoLookup', `/admin/geo/${WORLD_IPS.CRIMEA}`);
  await answer('geoLookup', '/admin/geo/2001:db8::1');
  const keyId = (await fx.gw.app.store.accounts.listKeys())[0]?.id ?? '';
  await answer('check', `/admin/check?ip=${WORLD_IPS.KP}&key_id=${keyId}&at=2026-01-01`);
  const carried = await answer('check', `/admin/check?ip=${TEREDO_US}&provider=openai`);
  assert.equal(carried.origin.carrier?.kind, 'teredo');
  const data = await answer('dataStatus', '/admin/data');
  assert.equal(data.version, fx.gw.app.data.snapshot().version);
  assert.ok(data.data.some((s) => s.kind === 'geo' && s.sha256 !== null && s.built !== null), 'the bundled databases, with hash and build date');
});

test('every operation was called', () => {
  assert.deepEqual([...called].sort(), (Object.keys(ENDPOINTS) as OperationId[]).sort());
});

test('errors have the shared error shape', async () => {
  const key = (await fx.gw.app.store.accounts.listKeys())[0]?.id ?? '';
  const errors = [
    await adminCall(fx.adminUrl, '/admin/session'),
    await adminCall(fx.adminUrl, '/admin/tokens', { token: fx.readToken }),
    await adminCall(fx.adminUrl, '/admin/decisions/dec_missing', { token: fx.readToken }),
    await adminCall(fx.adminUrl, '/admin/decisions?limit=0', { token: fx.readToken }),
    await adminCall(fx.adminUrl, `/admin/accounts/${key}/suspend`, { token: fx.adminToken, method: 'POST', body: { note: 'x', for: 'soon' } }),
  ];
  assert.deepEqual(errors.map((e) => e.status), [401, 403, 404, 400, 400]);
  for (const e of errors) assert.ok(ErrorAnswer.safeParse(e.body).success, JSON.stringify(e.body));
});
