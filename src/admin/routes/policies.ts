/**
 * Policy versions: list and show them, apply a new one (with an approval reference when it opens
 * access at the law layer) and roll back — issue 4's service, with the admin token's name as author.
 */
import { CordonError } from '../../errors/index.js';
import { formatIssue } from '../../policy/index.js';
import type { PolicyVersion } from '../../store/evidence-port.js';
import type { ApplyResult, PolicyService } from '../evidence-ports.js';
import { bodyInstant, bodyString, invalid, notFound, type AdminRequest } from '../request.js';
import type { AdminReply, AdminRoute } from '../router.js';
import { isoTime, list } from '../wire.js';

/** Policy documents are YAML text; 1 MiB is far beyond any real one. */
export const MAX_DOCUMENT = 1024 * 1024;

export function policyRoutes(policy: PolicyService): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/admin/policy/versions',
      role: 'read',
      async handle(req) {
        const [versions, live] = await Promise.all([policy.versions.list(), policy.live(req.at)]);
        return { body: list(versions.reverse().map((v) => versionJson(v, false)), { live: { version: live.version, hash: live.compiled.hash } }) };
      },
    },
    {
      method: 'POST',
      path: '/admin/policy/versions',
      role: 'admin',
      async handle(req) {
        const body = await req.body();
        const document = bodyString(body, 'document', { max: MAX_DOCUMENT });
        const effectiveFrom = bodyInstant(body, 'effective_from', req.at);
        const result = await policy.apply({ document, source: bodyString(body, 'source', { optional: true, max: 500 }) ?? 'admin API', ...authorship(req, body), effectiveFrom }, req.at);
        return applied(result);
      },
    },
    {
      method: 'GET',
      path: '/admin/policy/versions/{id}',
      role: 'read',
      async handle(req) {
        return { body: versionJson(await versionById(policy, req.params.id), true) };
      },
    },
    {
      method: 'POST',
      path: '/admin/policy/versions/{id}/rollback',
      role: 'admin',
      async handle(req) {
        const target = await versionById(policy, req.params.id);
        const result = await policy.rollback(target.id, authorship(req, await req.body()), req.at);
        if (result === null) throw notFound(`No policy version ${target.id}.`);
        return applied(result);
      },
    },
  ];
}

function authorship(req: AdminRequest, body: Record<string, unknown>) {
  return { author: `operator:${req.token.name}`, reason: bodyString(body, 'reason', { max: 2000 }), approval: bodyString(body, 'approval', { optional: true, max: 500 }) };
}

function applied(result: ApplyResult): AdminReply {
  switch (result.kind) {
    case 'applied':
      return { status: 201, body: { version: versionJson(result.version, false), previous_hash: result.previousHash, opens_at_law: result.opensAtLaw } };
    case 'needs_approval':
      throw new CordonError('caller_admin_conflict', { detail: `This change opens access at the law layer (${result.opensAtLaw.join(', ')}); send an approval reference (a licence or a rule citation) in "approval".` }, { param: 'approval' });
    case 'invalid':
      throw invalid('document', `The policy document is not valid: ${result.issues.map(formatIssue).join('; ')}`);
  }
}

export async function versionById(policy: PolicyService, raw: string | undefined): Promise<PolicyVersion> {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw invalid('id', `id: expected a policy version number such as 3, got "${raw ?? ''}".`);
  const version = await policy.versions.get(id);
  if (version === null) throw notFound(`No policy version ${id}.`);
  return version;
}

export function versionJson(v: PolicyVersion, withDocument: boolean) {
  return {
    id: v.id,
    hash: v.hash,
    source: v.source,
    author: v.author,
    reason: v.reason,
    approval: v.approval,
    action: v.action,
    restores: v.restores,
    opens_at_law: v.opensAtLaw,
    created_at: isoTime(v.createdAt),
    effective_from: isoTime(v.effectiveFrom),
    ...(withDocument ? { document: v.document } : {}),
  };
}
