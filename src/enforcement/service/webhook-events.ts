/**
 * The webhook body for an action (docs/enforcement.md, "Webhooks"): snake_case JSON with the action
 * and the violations that caused it, evidence included. Built inside the store transaction that
 * records the action, so the message exists exactly when the action does.
 */
import type { EnforcementAction, Violation } from '../../domain/enforcement.js';
import type { OutboxDraft } from '../../store/enforcement-port.js';

export const ACTION_EVENT = 'enforcement.action';

export interface ActionContext {
  readonly tenantName: string;
  readonly keyPrefix: string;
  /** The violations named by the action (those found; an operator action may have none). */
  readonly violations: readonly Violation[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function violationJson(v: Violation) {
  return { id: v.id, signal: v.signal, rule: v.rule, weight: v.weight, at: new Date(v.at).toISOString(), request_id: v.requestId, origin: { ...v.origin }, detail: v.detail };
}

export function actionDraft(action: EnforcementAction, context: ActionContext): OutboxDraft {
  const body = {
    type: ACTION_EVENT,
    action: {
      id: action.id,
      kind: action.kind,
      key_id: action.keyId,
      key_prefix: context.keyPrefix,
      tenant_id: action.tenantId,
      tenant: context.tenantName,
      at: iso(action.at),
      until: iso(action.until),
      actor: action.actor,
      rule: action.rule,
      score: action.score,
      note: action.note,
      evidence: action.evidence,
      violations: context.violations.map(violationJson),
    },
  };
  return { type: ACTION_EVENT, payload: JSON.stringify(body) };
}
