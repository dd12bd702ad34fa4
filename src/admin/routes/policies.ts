/**
 * Policy versions: list and show them, apply a new one (with an approval reference when it opens
 * access at the law layer) and roll back — issue 4's service, with the admin token's name as author.
 */
import { CordonError } from '../../errors/index.js';
import { policyVersionView } from '../../operations/index.js';
import { formatIssue } from '../../policy/index.js';
import type { AdminToken } from '../../store/admin-token-port.js';
import type { PolicyVersion } from '../../store/evidence-port.js';
import type { POLICY_ENDPOINTS } from '../contract/policies.js';
import type { ApplyResult, PolicyService } from '../evidence-ports.js';
import { invalid, notFound } from '../request.js';
import type { Handlers } from '../router.js';
import { isoTime, list } from '../wire.js';

export function policyHandlers(policy: PolicyService): Handlers<typeof POLICY_ENDPOINTS> {
  return {
    listPolicyVersions: async ({ at }) => {
      const [versions, live] = await Promise.all([policy.versions.list(), policy.live(at)]);
      return list(versions.reverse().map((v) => versionJson(v, false)), { live: { version: live.version, hash: live.compiled.hash } });
    },
    applyPolicyVersion: async ({ body, token, at }) => {
      const { document, source, effective_from: effectiveFrom = at } = body;
      return applied(await policy.apply({ document, source: source ?? 'admin API', ...authorship(token, body), effectiveFrom }, at));
    },
    getPolicyVersion: async ({ params }) => versionJson(await versionById(policy, params.id), true),
    rollbackPolicyVersion: async ({ params, body, token, at }) => {
      const target = await versionById(policy, params.id);
      const result = await policy.rollback(target.id, authorship(token, body), at);
      if (result === null) throw notFound(`No policy version ${target.id}.`);
      return applied(result);
    },
  };
}

function authorship(token: AdminToken, body: { readonly reason: string; readonly approval: string | null }) {
  return { author: `operator:${token.name}`, reason: body.reason, approval: body.approval };
}

function applied(result: ApplyResult) {
  switch (result.kind) {
    case 'applied':
      return { version: versionJson(result.version, false), previous_hash: result.previousHash, opens_at_law: result.opensAtLaw };
    case 'needs_approval':
      throw new CordonError('caller_admin_conflict', { detail: `This change opens access at the law layer (${result.opensAtLaw.join(', ')}); send an approval reference (a licence or a rule citation) in "approval".` }, { param: 'approval' });
    case 'invalid':
      throw invalid('document', `The policy document is not valid: ${result.issues.map(formatIssue).join('; ')}`);
  }
}

export async function versionById(policy: PolicyService, id: number): Promise<PolicyVersion> {
  const version = await policy.versions.get(id);
  if (version === null) throw notFound(`No policy version ${id}.`);
  return version;
}

export function versionJson(v: PolicyVersion, withDocument: boolean) {
  return { id: v.id, ...policyVersionView(v, isoTime), ...(withDocument ? { document: v.document } : {}) };
}
