/**
 * Applying policy versions: validate and compile the document, compare it with the live policy at the
 * law layer, refuse a change that opens access there unless it carries an approval reference, then
 * store the version with its audit record. Rollback is applying an earlier version's document again.
 */
import { lawOpenings, PolicyValidationError, type CompiledPolicy, type PolicyIssue } from '../policy/index.js';
import type { NewPolicyVersion, PolicyVersion } from '../store/evidence-port.js';
import { compilePolicyText, livePolicy, type PolicySource } from './live-policy.js';

/** The document (YAML text), its source (a path, or `v3` for a rollback; named in validation messages), who, why, on what approval. */
export interface ApplyInput extends Pick<NewPolicyVersion, 'document' | 'source' | 'author' | 'reason' | 'approval'> {
  /** Default: now. */
  readonly effectiveFrom?: number;
}

export type ApplyResult =
  | { readonly kind: 'applied'; readonly version: PolicyVersion; readonly previousHash: string; readonly opensAtLaw: readonly string[] }
  | { readonly kind: 'needs_approval'; readonly opensAtLaw: readonly string[] }
  | { readonly kind: 'invalid'; readonly issues: readonly PolicyIssue[] };

export async function applyPolicyVersion(source: PolicySource, now: number, request: ApplyInput): Promise<ApplyResult> {
  return apply(source, now, request, 'apply', null);
}

/** Applies version `id`'s document again, as a new version that says what it restores. */
export async function rollbackPolicyVersion(source: PolicySource, now: number, id: number, request: Omit<ApplyInput, 'document' | 'source'>): Promise<ApplyResult | null> {
  const target = await source.versions.get(id);
  if (target === null) return null;
  return apply(source, now, { ...request, document: target.document, source: `v${id}` }, 'rollback', id);
}

async function apply(source: PolicySource, now: number, request: ApplyInput, action: 'apply' | 'rollback', restores: number | null): Promise<ApplyResult> {
  let candidate: CompiledPolicy;
  try {
    candidate = compilePolicyText(request.document, request.source, source.ctx);
  } catch (err) {
    if (err instanceof PolicyValidationError) return { kind: 'invalid', issues: err.issues };
    throw err;
  }
  const effectiveFrom = request.effectiveFrom ?? now;
  const judgedAt = Math.max(now, effectiveFrom);
  const current = await livePolicy(source, judgedAt);
  const opensAtLaw = lawOpenings(current.compiled, candidate, { countries: source.ctx.presets.countries, at: judgedAt });
  const approval = request.approval?.trim() || null;
  if (opensAtLaw.length > 0 && approval === null) return { kind: 'needs_approval', opensAtLaw };
  const version = await source.versions.add({
    document: request.document,
    hash: candidate.hash,
    source: request.source,
    author: request.author,
    reason: request.reason,
    approval,
    action,
    restores,
    opensAtLaw,
    createdAt: now,
    effectiveFrom,
    previous: { version: current.version, hash: current.policyHash },
  });
  return { kind: 'applied', version, previousHash: current.policyHash, opensAtLaw };
}
