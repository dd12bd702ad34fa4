/** What `cordon accounts show` prints: standing, scores per rung, violations with evidence, actions. */
import type { ApiKey, Tenant } from '../../domain/account.js';
import type { EnforcementAction, TenantEnforcement, Violation } from '../../domain/enforcement.js';
import { formatDuration, type RungScore, type TenantPolicy } from '../../enforcement/index.js';
import { violationJson } from '../../enforcement/service/index.js';
import { roundScore, scoresView } from '../../operations/score-view.js';
import { actionView, keyView } from '../../operations/views.js';
import { isoTime, table } from '../output.js';

export function statusText(key: ApiKey, now: number): string {
  if (key.status !== 'suspended') return key.status;
  if (key.suspendedUntil === null) return 'suspended until further notice';
  return key.suspendedUntil > now ? `suspended until ${isoTime(key.suspendedUntil)}` : `suspension ended ${isoTime(key.suspendedUntil)}`;
}

export function scoresText(scores: readonly RungScore[]): string {
  return scores.map((s) => `${s.rung.action} ${roundScore(s.score)}/${s.rung.score} (${formatDuration(s.rung.windowMs)})`).join('  ') || 'no ladder configured';
}

/** The views of src/operations/views.ts, with the CLI's times (whole seconds). */
export function scoresJson(scores: readonly RungScore[]) {
  return scoresView(scores, isoTime);
}

export function keyJson(key: ApiKey, tenant: Tenant | undefined) {
  return keyView(key, tenant, isoTime);
}

export function tenantJson(tenant: Tenant, settings: TenantEnforcement, policy: TenantPolicy) {
  return {
    id: tenant.id,
    name: tenant.name,
    registered_country: tenant.registeredCountry,
    may_attest: settings.mayAttest,
    country_mismatch: settings.countryMismatch ?? policy.countryMismatch,
    country_mismatch_source: settings.countryMismatch === null ? 'config' : 'store',
  };
}

export function actionJson(a: EnforcementAction) {
  return actionView(a, isoTime);
}

export { violationJson };

export function violationsTable(violations: readonly Violation[]): string {
  if (violations.length === 0) return 'No violations in the window.\n';
  const rows = violations.map((v) => [
    isoTime(v.at),
    v.keyId,
    v.rule.replace(/^enforcement\./, ''),
    String(v.weight),
    [v.origin.network, v.origin.country ?? '??', v.origin.asn === null ? '' : `AS${v.origin.asn}`, v.origin.source === 'attested' ? 'attested' : ''].filter(Boolean).join(' '),
    v.requestId,
    JSON.stringify(v.detail),
  ]);
  return table(['AT', 'KEY', 'RULE', 'WEIGHT', 'ORIGIN', 'REQUEST', 'EVIDENCE'], rows);
}

export function actionsTable(actions: readonly EnforcementAction[]): string {
  if (actions.length === 0) return 'No actions.\n';
  const rows = actions.map((a) => [isoTime(a.at), a.keyId, a.kind, a.until === null ? '' : isoTime(a.until), a.actor, a.score === null ? '' : String(roundScore(a.score)), String(a.violationIds.length), a.note ?? '']);
  return table(['AT', 'KEY', 'ACTION', 'UNTIL', 'BY', 'SCORE', 'VIOLATIONS', 'NOTE'], rows);
}
