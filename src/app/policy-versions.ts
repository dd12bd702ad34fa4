/**
 * Applying policy versions: validate and compile the document, compare it with the live policy at the
 * law layer, refuse a change that opens access there unless it carries an approval reference, then
 * store the version with its audit record. Rollback is applying an earlier version's document again.
 */
import type { Config } from '../config/types.js';
import { lawOpenings, PolicyValidationError, type CompiledPolicy } from '../policy/index.js';
import type { ApplyInput as ApplyRequest, ApplyResult as ApplyOutcome } from '../admin/evidence-ports.js';
import type { Store } from '../store/index.js';
import { compilePolicyText, livePolicy, policyContext, type PolicyContext } from './policy.js';

/** The request and outcome are the admin API's port types: the composition root binds that port here. */
export type { ApplyInput as ApplyRequest, ApplyResult as ApplyOutcome } from '../admin/evidence-ports.js';

export interface PolicyVersionDeps {
  readonly config: Config;
  readonly store: Store;
  readonly now: number;
  readonly ctx?: PolicyContext;
}

export async function applyPolicyVersion(deps: PolicyVersionDeps, request: ApplyRequest): Promise<ApplyOutcome> {
  return apply(deps, request, 'apply', null);
}

/** Applies version `id`'s document again, as a new version that says what it restores. */
export async function rollbackPolicyVersion(deps: PolicyVersionDeps, id: number, request: Omit<ApplyRequest, 'document' | 'source'>): Promise<ApplyOutcome | null> {
  const target = await deps.store.evidence.policies.get(id);
  if (target === null) return null;
  return apply(deps, { ...request, document: target.document, source: `v${id}` }, 'rollback', id);
}

async function apply(deps: PolicyVersionDeps, request: ApplyRequest, action: 'apply' | 'rollback', restores: number | null): Promise<ApplyOutcome> {
  const ctx = deps.ctx ?? policyContext(deps.config);
  let candidate: CompiledPolicy;
  try {
    candidate = compilePolicyText(request.document, request.source, ctx);
  } catch (err) {
    if (err instanceof PolicyValidationError) return { kind: 'invalid', issues: err.issues };
    throw err;
  }
  const effectiveFrom = request.effectiveFrom ?? deps.now;
  const current = await livePolicy(deps.config, deps.store, Math.max(deps.now, effectiveFrom), ctx);
  const opensAtLaw = lawOpenings(current.compiled, candidate, { countries: ctx.presets.countries, at: Math.max(deps.now, effectiveFrom) });
  const approval = request.approval?.trim() || null;
  if (opensAtLaw.length > 0 && approval === null) return { kind: 'needs_approval', opensAtLaw };
  const version = await deps.store.evidence.policies.add({
    document: request.document,
    hash: candidate.hash,
    source: request.source,
    author: request.author,
    reason: request.reason,
    approval,
    action,
    restores,
    opensAtLaw,
    createdAt: deps.now,
    effectiveFrom,
    previous: { version: current.version, hash: current.policyHash },
  });
  return { kind: 'applied', version, previousHash: current.policyHash, opensAtLaw };
}
