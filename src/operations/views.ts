/**
 * The JSON views of keys, admin tokens, operator actions, ladder scores and policy versions, as the CLI (`--json`) and the admin API
 * print them: snake_case, never a secret. Each edge passes its own time format (the CLI prints whole
 * seconds, the admin API milliseconds); the fields are the same.
 */
import type { ApiKey, Tenant } from '../domain/account.js';
import type { EnforcementAction } from '../domain/enforcement.js';
import { formatDuration, type RungScore } from '../enforcement/index.js';
import type { AdminToken } from '../store/admin-token-port.js';
import type { PolicyVersion } from '../store/evidence-port.js';

/** An instant as the edge prints it. */
export type TimeText = (ms: number) => string;

export function keyView(key: ApiKey, tenant: Tenant | null | undefined, time: TimeText) {
  return {
    id: key.id,
    prefix: key.prefix,
    tenant: tenant?.name ?? null,
    tenant_id: key.tenantId,
    status: key.status,
    suspended_until: orNull(key.suspendedUntil, time),
    created_at: time(key.createdAt),
    revoked_at: orNull(key.revokedAt, time),
  };
}

export function adminTokenView(t: AdminToken, time: TimeText) {
  return { id: t.id, name: t.name, role: t.role, prefix: t.prefix, created_at: time(t.createdAt), last_used_at: orNull(t.lastUsedAt, time), revoked_at: orNull(t.revokedAt, time) };
}

export function actionView(a: EnforcementAction, time: TimeText) {
  return { id: a.id, key_id: a.keyId, kind: a.kind, at: time(a.at), until: orNull(a.until, time), actor: a.actor, rule: a.rule, score: a.score, note: a.note, violation_ids: a.violationIds, evidence: a.evidence };
}

/** A key's score on each rung of its tenant's ladder. */
export function scoresView(scores: readonly RungScore[], time: TimeText) {
  return scores.map((s) => ({ action: s.rung.action, score: roundScore(s.score), threshold: s.rung.score, window: formatDuration(s.rung.windowMs), since: time(s.since), violations: s.violationIds.length }));
}

/** A stored policy version, without its id (the CLI names it `version`, the admin API `id`) or its document. */
export function policyVersionView(v: PolicyVersion, time: TimeText) {
  return {
    hash: v.hash,
    source: v.source,
    author: v.author,
    reason: v.reason,
    approval: v.approval,
    action: v.action,
    restores: v.restores,
    opens_at_law: v.opensAtLaw,
    created_at: time(v.createdAt),
    effective_from: time(v.effectiveFrom),
  };
}

/** Scores and weights to two decimals, as people read them. */
export function roundScore(n: number): number {
  return Math.round(n * 100) / 100;
}

function orNull(ms: number | null, time: TimeText): string | null {
  return ms === null ? null : time(ms);
}
