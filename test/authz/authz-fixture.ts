/**
 * A real Cordon serving the decision service (`authz.http`): the enforcement fixture's gateway (trusted
 * loopback proxy, injected clock), providers configured for policy only (nothing is relayed), and
 * only the denied-region signal counting, so each scenario shows what it is about.
 */
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../src/audit/index.js';
import { startEnforcementGateway, type EnforcementGateway } from '../enforcement/enforcement-fixture.js';
import { adminCall } from '../helpers/admin-fixture.js';

export async function startAuthzGateway(config: Record<string, unknown>): Promise<EnforcementGateway> {
  return startEnforcementGateway({
    enforcement: { country_mismatch: false, fan_out: { enabled: false }, impossible_travel: { enabled: false } },
    ...config,
  });
}

/** The one decision record about `decisionId`. */
export async function decisionRecord(env: EnforcementGateway, decisionId: string | null): Promise<AuditRecord> {
  assert.ok(decisionId, 'every answer names its decision');
  const records = (await env.gw.app.store.audit.findByRef(decisionId)).filter((r) => r.kind === 'decision');
  assert.equal(records.length, 1, `exactly one decision record for ${decisionId}`);
  return records[0] as AuditRecord;
}

/** A key suspended for an hour through the admin API, as an operator would. */
export async function suspendedKey(env: EnforcementGateway): Promise<{ secret: string; keyId: string }> {
  const key = await env.key('suspended-co', 'DE');
  const token = (await env.gw.app.store.adminTokens.create({ name: 'ops', role: 'admin' })).secret;
  const s = await adminCall(env.gw.url, `/admin/accounts/${key.keyId}/suspend`, { token, method: 'POST', body: { for: '1h', note: 'chargeback' } });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  return key;
}
