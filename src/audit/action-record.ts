/**
 * The `action` record: an enforcement action on a key (warn, suspend, block, reinstate), by the
 * ladder or an operator (CLI, admin API), with the violations that caused it and its evidence. Its
 * `ref` is the key id. Written in the store transaction that records the action and sets the key's
 * status, so the log never misses an action and never names one that is not there.
 *
 * No client address is copied here: the violations are named by id (their origins, truncated to /24
 * or /48, stay with the violations), and the action's evidence holds thresholds, scores and the key's
 * previous status, never an address.
 */
import { ACTION_KINDS, type ActionKind, type EnforcementAction } from '../domain/enforcement.js';
import type { JsonObject } from './canonical.js';
import { reader } from './json-read.js';
import type { AuditEntry } from './record.js';

export function actionData(a: EnforcementAction): JsonObject {
  return {
    action_id: a.id,
    action: a.kind,
    key_id: a.keyId,
    tenant_id: a.tenantId,
    at: a.at,
    until: a.until,
    duration_ms: a.until === null ? null : a.until - a.at,
    actor: a.actor,
    rule: a.rule,
    score: a.score,
    note: a.note,
    violation_ids: [...a.violationIds],
    evidence: a.evidence,
  };
}

/** The whole entry: kind `action`, at the action's time, about its key. */
export function actionEntry(a: EnforcementAction): AuditEntry {
  return { kind: 'action', at: a.at, ref: a.keyId, data: actionData(a) };
}

/** Reads an `action` record's data back into the action it records. */
export function readActionRecord(data: JsonObject): EnforcementAction {
  const { obj, arr, str, strOrNull, num, numOrNull } = reader('action record');
  const kind = str(data.action, 'action');
  if (!(ACTION_KINDS as readonly string[]).includes(kind)) throw new TypeError(`action record: action is not one of ${ACTION_KINDS.join(', ')}`);
  return {
    id: str(data.action_id, 'action_id'),
    kind: kind as ActionKind,
    keyId: str(data.key_id, 'key_id'),
    tenantId: str(data.tenant_id, 'tenant_id'),
    at: num(data.at, 'at'),
    until: numOrNull(data.until, 'until'),
    actor: str(data.actor, 'actor'),
    rule: strOrNull(data.rule, 'rule'),
    score: numOrNull(data.score, 'score'),
    note: strOrNull(data.note, 'note'),
    violationIds: arr(data.violation_ids, 'violation_ids').map((v, i) => str(v, `violation_ids[${i}]`)),
    evidence: obj(data.evidence, 'evidence'),
  };
}
