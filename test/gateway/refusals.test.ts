/**
 * A record of every refusal, through the real gateway and the official `openai` client, on SQLite and
 * PostgreSQL: every request of a suspended (while the suspension runs), blocked or revoked key is
 * refused with a decision record naming its origin and the error code, exactly once and before the
 * answer; `cordon audit verify` still passes; requests refused for the key's standing add no
 * violations; an unknown key leaves no record but is counted; a record that cannot be written leaves
 * the refusal a refusal.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { verifyAuditLog } from '../../src/operations/index.js';
import type { AuditRecord } from '../../src/audit/index.js';
import { PLACES, startEnforcementGateway, type Answer, type EnforcementGateway } from '../enforcement/enforcement-fixture.js';
import { adminCall } from '../helpers/admin-fixture.js';
import { sampleSum, scrape } from '../helpers/metrics.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../helpers/services.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const { skip: noPostgres } = await postgresAvailable();

const BACKENDS = [
  { name: 'SQLite', skip: false as const },
  { name: 'PostgreSQL', skip: noPostgres ?? (false as const) },
];

for (const backend of BACKENDS) {
  describe(`a record of every refusal (${backend.name})`, { skip: backend.skip }, () => {
    let env: EnforcementGateway;
    let schema: TestSchema | null = null;
    let adminToken: string;

    before(async () => {
      schema = backend.name === 'PostgreSQL' ? freshSchema() : null;
      env = await startEnforcementGateway({
        ...(schema === null ? {} : { store: { url: schema.url } }),
        // Only the denied-region signal counts, so each scenario shows what it is about.
        enforcement: { country_mismatch: false, fan_out: { enabled: false }, impossible_travel: { enabled: false } },
      });
      adminToken = (await env.gw.app.store.adminTokens.create({ name: 'alice', role: 'admin' })).secret;
    });
    after(async () => {
      await env?.close();
      await schema?.drop();
    });

    /** The decision records about these requests, in order, each exactly once. */
    async function decisionRecords(answers: readonly Answer[]): Promise<AuditRecord[]> {
      const out: AuditRecord[] = [];
      for (const a of answers) {
        assert.ok(a.decisionId, 'every answer names its decision');
        const records = (await env.gw.app.store.audit.findByRef(a.decisionId)).filter((r) => r.kind === 'decision');
        assert.equal(records.length, 1, `exactly one decision record for ${a.decisionId}`);
        out.push(records[0] as AuditRecord);
      }
      return out;
    }

    async function verified(): Promise<void> {
      const verification = await verifyAuditLog(env.gw.app.store);
      assert.equal(verification.ok, true, JSON.stringify(verification.report.problems));
    }

    test('a suspended key sends three requests: three refusals recorded with origin and reason, none adds a violation; after the suspension the key works', async () => {
      const { secret, keyId, tenantId } = await env.key('suspended-co', 'DE');
      const suspend = await adminCall(env.gw.url, `/admin/accounts/${keyId}/suspend`, { token: adminToken, method: 'POST', body: { for: '1h', note: 'chargeback' } });
      assert.equal(suspend.status, 201, JSON.stringify(suspend.body));
      const metricsBefore = await scrape(env.gw.url);

      const answers: Answer[] = [];
      for (const ip of [PLACES.DE, PLACES.FR, PLACES.KP]) {
        env.clock.advance(MIN);
        answers.push(await env.ask(secret, ip));
      }
      assert.deepEqual(answers.map((a) => [a.status, a.code]), Array(3).fill([403, 'account_suspended']), 'a North Korean origin too is refused for the standing');
      const records = await decisionRecords(answers);
      assert.deepEqual(
        records.map((r) => [r.data.outcome, r.data.code, r.data.key_id, r.data.tenant_id, r.data.endpoint, r.data.model, r.data.provider]),
        Array(3).fill(['refused', 'account_suspended', keyId, tenantId, '/chat/completions', 'chat', null]),
      );
      const origins = records.map((r) => r.data.origin as { ip: string; country: string; source: string });
      assert.deepEqual(origins.map((o) => [o.ip, o.country, o.source]), [['130.149.1.0/24', 'DE', 'forwarded'], ['212.27.48.0/24', 'FR', 'forwarded'], ['175.45.176.0/24', 'KP', 'forwarded']]);
      assert.match(JSON.stringify(records[2]?.data.decisions), /law\.us_sanctions\.kp/, 'what policy said is kept beside the refusal');
      assert.deepEqual(await env.gw.app.store.enforcement.listViolations({ keyId }), [], 'requests refused for the standing add no violations');
      await verified();

      const metrics = await scrape(env.gw.url);
      const refused = (text: string, country: string) => sampleSum(text, 'cordon_refusals_total', { endpoint: '/chat/completions', code: 'account_suspended', country, rule: 'none' });
      assert.deepEqual(['DE', 'FR', 'KP'].map((c) => refused(metrics, c) - refused(metricsBefore, c)), [1, 1, 1]);
      assert.equal(sampleSum(metrics, 'cordon_enforcement_actions_total', { action: 'suspend', actor: 'operator' }), 1, 'the admin API action counted');

      env.clock.advance(HOUR);
      const later = await env.ask(secret, PLACES.DE);
      assert.equal(later.status, 200, 'the suspension ended');
      assert.deepEqual((await decisionRecords([later])).map((r) => r.data.outcome), ['routed']);
    });

    test('a suspended key that keeps calling from a denied region is not escalated to a block by those calls', async () => {
      const { secret, keyId, tenantId } = await env.key('persistent', null);
      await env.gw.app.store.enforcement.applyAction({ keyId, tenantId, kind: 'suspend', at: env.clock.now(), until: env.clock.now() + HOUR, actor: 'operator:test', rule: null, score: null, note: 'test', violationIds: [], evidence: {} });
      const answers: Answer[] = [];
      for (let i = 0; i < 45; i++) {
        env.clock.advance(1000);
        answers.push(await env.ask(secret, PLACES.KP));
      }
      assert.ok(answers.every((a) => a.code === 'account_suspended'));
      assert.equal((await decisionRecords(answers)).length, 45, 'every attempt is on record');
      assert.deepEqual(await env.gw.app.store.enforcement.listViolations({ keyId }), []);
      assert.equal((await env.gw.app.store.accounts.getKey(keyId))?.status, 'suspended', 'still suspended, not blocked');
    });

    test('blocked and revoked keys: every request refused and recorded; unknown models and GET /v1/models too', async () => {
      const blocked = await env.key('blocked-co', 'US');
      await adminCall(env.gw.url, `/admin/accounts/${blocked.keyId}/block`, { token: adminToken, method: 'POST', body: { note: 'resale' } });
      const revoked = await env.key('revoked-co', 'US');
      await env.gw.app.store.accounts.revokeKey(revoked.keyId);

      env.clock.advance(MIN);
      const answers = [await env.ask(blocked.secret, PLACES.US), await env.ask(blocked.secret, PLACES.US, {}, 'no-such-model'), await env.ask(revoked.secret, PLACES.US), await env.ask(revoked.secret, PLACES.JP)];
      assert.deepEqual(answers.map((a) => [a.status, a.code]), [[403, 'account_blocked'], [403, 'account_blocked'], [401, 'invalid_api_key'], [401, 'invalid_api_key']]);
      const records = await decisionRecords(answers);
      assert.deepEqual(
        records.map((r) => [r.data.code, r.data.key_id, r.data.model, (r.data.origin as { country: string }).country, (r.data.decisions as unknown[]).length]),
        [
          ['account_blocked', blocked.keyId, 'chat', 'US', 1],
          ['account_blocked', blocked.keyId, 'no-such-model', 'US', 0],
          ['account_revoked_key', revoked.keyId, 'chat', 'US', 1],
          ['account_revoked_key', revoked.keyId, 'chat', 'JP', 1],
        ],
      );

      const client = new OpenAI({ baseURL: `${env.gw.url}/v1`, apiKey: blocked.secret, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': PLACES.FR } });
      const listing = await client.models.list().then(
        () => assert.fail('a blocked key lists no models'),
        (err: unknown) => err as InstanceType<typeof OpenAI.APIError>,
      );
      assert.deepEqual([listing.status, listing.code], [403, 'account_blocked']);
      const [record] = await decisionRecords([{ status: 403, code: null, message: null, warning: null, decisionId: listing.headers?.get('x-cordon-decision-id') ?? null }]);
      assert.deepEqual([record?.data.endpoint, record?.data.code, (record?.data.origin as { country: string }).country], ['/models', 'account_blocked', 'FR']);
      await verified();

      const metrics = await scrape(env.gw.url);
      assert.equal(sampleSum(metrics, 'cordon_refusals_total', { code: 'account_blocked', endpoint: '/chat/completions' }), 2);
      assert.equal(sampleSum(metrics, 'cordon_refusals_total', { code: 'account_blocked', endpoint: '/models', country: 'FR' }), 1);
      assert.equal(sampleSum(metrics, 'cordon_refusals_total', { code: 'account_revoked_key' }), 2);
    });

    test('an unknown key and a missing key leave no record, and are counted with their country', async () => {
      const before = await env.gw.app.store.audit.summary();
      const metricsBefore = await scrape(env.gw.url);
      env.clock.advance(MIN);
      const unknown = await env.ask('sk-cordon-not-a-key', PLACES.JP);
      assert.deepEqual([unknown.status, unknown.code], [401, 'invalid_api_key']);
      const missing = await fetch(`${env.gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': PLACES.BR }, body: '{"model":"chat","messages":[]}' });
      assert.equal(missing.status, 401);
      assert.deepEqual(await env.gw.app.store.audit.summary(), before, 'nothing appended');
      const metrics = await scrape(env.gw.url);
      const moved = (labels: Record<string, string>) => sampleSum(metrics, 'cordon_refusals_total', labels) - sampleSum(metricsBefore, 'cordon_refusals_total', labels);
      assert.equal(moved({ code: 'account_invalid_key', country: 'JP', rule: 'none' }), 1);
      assert.equal(moved({ code: 'account_missing_key', country: 'BR', rule: 'none' }), 1);
    });

    test('a refusal whose record cannot be written is still a refusal, and the failure is counted', async () => {
      const { secret, keyId } = await env.key('unrecorded', 'US');
      await adminCall(env.gw.url, `/admin/accounts/${keyId}/block`, { token: adminToken, method: 'POST', body: { note: 'test' } });
      const active = await env.key('unrecorded-active', 'US');
      const metricsBefore = await scrape(env.gw.url);
      const audit = env.gw.app.store.audit;
      const append = audit.append.bind(audit);
      audit.append = () => Promise.reject(new Error('disk full'));
      let answers: Answer[];
      try {
        env.clock.advance(MIN);
        answers = [await env.ask(secret, PLACES.US), await env.ask(active.secret, PLACES.KP), await env.ask(active.secret, PLACES.US)];
      } finally {
        audit.append = append;
      }
      assert.deepEqual(
        answers.map((a) => [a.status, a.code]),
        [[403, 'account_blocked'], [403, 'unsupported_country_region_territory'], [503, 'audit_unavailable']],
        'refusals stay refusals; an allowed request without its record is not served',
      );
      const metrics = await scrape(env.gw.url);
      const moved = (name: string, labels: Record<string, string>) => sampleSum(metrics, name, labels) - sampleSum(metricsBefore, name, labels);
      assert.equal(moved('cordon_audit_failures_total', { record: 'decision' }), 3);
      assert.deepEqual(
        ['account_blocked', 'policy_region_denied', 'gateway_audit_unavailable'].map((code) => moved('cordon_refusals_total', { code })),
        [1, 1, 1],
        'each counted as the refusal it was',
      );
      await verified();
    });
  });
}
