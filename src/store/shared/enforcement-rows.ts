/**
 * Rows of `violations`, `enforcement_actions` and `tenant_enforcement` as both backends read and write
 * them, and where their snake_case and JSON become domain values. A value outside the closed
 * vocabularies (signals, action kinds) is refused on the way back: the schema's CHECKs should make that
 * impossible, so it means the table was changed by hand.
 */
import {
  ACTION_KINDS,
  SIGNALS,
  type ActionKind,
  type EnforcementAction,
  type JsonObject,
  type NewAction,
  type NewViolation,
  type OriginEvidence,
  type Signal,
  type TenantEnforcement,
  type Violation,
} from '../../domain/enforcement.js';

/** The columns of a ViolationRow and of an ActionRow, in their order. */
export const VIOLATION_COLUMNS = 'id, key_id, tenant_id, signal, rule, weight, at, request_id, origin, detail';
export const ACTION_COLUMNS = 'id, key_id, tenant_id, kind, at, until, actor, rule, score, note, violation_ids, evidence';

export interface ViolationRow {
  readonly id: string;
  readonly key_id: string;
  readonly tenant_id: string;
  readonly signal: string;
  readonly rule: string;
  readonly weight: number;
  readonly at: number;
  readonly request_id: string;
  readonly origin: string;
  readonly detail: string;
}

export interface ActionRow {
  readonly id: string;
  readonly key_id: string;
  readonly tenant_id: string;
  readonly kind: string;
  readonly at: number;
  readonly until: number | null;
  readonly actor: string;
  readonly rule: string | null;
  readonly score: number | null;
  readonly note: string | null;
  readonly violation_ids: string;
  readonly evidence: string;
}

/** A tenant's settings; flags are BOOLEAN on PostgreSQL, 0 and 1 on SQLite. */
export interface TenantSettingsRow {
  readonly attestation_secret: string | null;
  readonly may_attest: Flag;
  readonly country_mismatch: Flag | null;
  readonly updated_at: number;
}

type Flag = boolean | 0 | 1;

export function toViolationRow(id: string, v: NewViolation): ViolationRow {
  return {
    id,
    key_id: v.keyId,
    tenant_id: v.tenantId,
    signal: v.signal,
    rule: v.rule,
    weight: v.weight,
    at: v.at,
    request_id: v.requestId,
    origin: JSON.stringify(v.origin),
    detail: JSON.stringify(v.detail),
  };
}

export function toActionRow(id: string, action: NewAction): ActionRow {
  return {
    id,
    key_id: action.keyId,
    tenant_id: action.tenantId,
    kind: action.kind,
    at: action.at,
    until: action.until,
    actor: action.actor,
    rule: action.rule,
    score: action.score,
    note: action.note,
    violation_ids: JSON.stringify(action.violationIds),
    evidence: JSON.stringify(action.evidence),
  };
}

export function toViolation(row: ViolationRow): Violation {
  return {
    id: row.id,
    keyId: row.key_id,
    tenantId: row.tenant_id,
    signal: oneOf<Signal>(SIGNALS, row.signal, 'signal'),
    rule: row.rule,
    weight: row.weight,
    at: row.at,
    requestId: row.request_id,
    origin: JSON.parse(row.origin) as OriginEvidence,
    detail: JSON.parse(row.detail) as JsonObject,
  };
}

export function toAction(row: ActionRow): EnforcementAction {
  return {
    id: row.id,
    keyId: row.key_id,
    tenantId: row.tenant_id,
    kind: oneOf<ActionKind>(ACTION_KINDS, row.kind, 'action kind'),
    at: row.at,
    until: row.until,
    actor: row.actor,
    rule: row.rule,
    score: row.score,
    note: row.note,
    violationIds: JSON.parse(row.violation_ids) as string[],
    evidence: JSON.parse(row.evidence) as JsonObject,
  };
}

/** The tenant's settings; the defaults (no secret, may not attest, no override) when it has no row. */
export function toTenantEnforcement(tenantId: string, row: TenantSettingsRow | undefined): TenantEnforcement {
  if (row === undefined) return { tenantId, attestationSecret: null, mayAttest: false, countryMismatch: null, updatedAt: null };
  return {
    tenantId,
    attestationSecret: row.attestation_secret,
    mayAttest: isSet(row.may_attest),
    countryMismatch: row.country_mismatch === null ? null : isSet(row.country_mismatch),
    updatedAt: row.updated_at,
  };
}

function isSet(flag: Flag): boolean {
  return flag === true || flag === 1;
}

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Error(`unknown ${what} in the store: ${value}`);
  return found;
}
