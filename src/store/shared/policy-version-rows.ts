/**
 * A `policy_versions` row and its domain form, and what a new version adds beside its row: the
 * `policy_change` audit record written in the same transaction, and the version as returned. The
 * same in both backends; numbering and the transaction are each backend's.
 */
import { policyChangeData, policyChangeRef, type AuditEntry } from '../../audit/index.js';
import type { NewPolicyVersion, PolicyVersion } from '../evidence-port.js';

/** The columns of a VersionRow, in its order. */
export const VERSION_COLUMNS = 'id, document, hash, source, author, reason, approval, action, restores, opens_at_law, created_at, effective_from';

export interface VersionRow {
  readonly id: number;
  readonly document: string;
  readonly hash: string;
  readonly source: string;
  readonly author: string;
  readonly reason: string;
  readonly approval: string | null;
  readonly action: string;
  readonly restores: number | null;
  /** JSON array of strings. */
  readonly opens_at_law: string;
  readonly created_at: number;
  readonly effective_from: number;
}

export function toVersionRow(v: NewPolicyVersion): Omit<VersionRow, 'id'> {
  return {
    document: v.document,
    hash: v.hash,
    source: v.source,
    author: v.author,
    reason: v.reason,
    approval: v.approval,
    action: v.action,
    restores: v.restores,
    opens_at_law: JSON.stringify(v.opensAtLaw),
    created_at: v.createdAt,
    effective_from: v.effectiveFrom,
  };
}

export function toPolicyVersion(r: VersionRow): PolicyVersion {
  return {
    id: r.id,
    document: r.document,
    hash: r.hash,
    source: r.source,
    author: r.author,
    reason: r.reason,
    approval: r.approval,
    action: r.action === 'rollback' ? 'rollback' : 'apply',
    restores: r.restores,
    opensAtLaw: JSON.parse(r.opens_at_law) as string[],
    createdAt: r.created_at,
    effectiveFrom: r.effective_from,
  };
}

/** The `policy_change` audit record of version `id`. */
export function policyChangeEntry(id: number, v: NewPolicyVersion): AuditEntry {
  return {
    kind: 'policy_change',
    at: v.createdAt,
    ref: policyChangeRef(id),
    data: policyChangeData({
      version: id,
      action: v.action,
      policyHash: v.hash,
      author: v.author,
      reason: v.reason,
      approval: v.approval,
      effectiveFrom: v.effectiveFrom,
      restores: v.restores,
      previous: v.previous,
      opensAtLaw: v.opensAtLaw,
    }),
  };
}

/** The version as stored under `id` (what it replaced goes to the audit record only). */
export function storedVersion(id: number, v: NewPolicyVersion): PolicyVersion {
  const { previous: _previous, ...stored } = v;
  return { id, ...stored };
}
