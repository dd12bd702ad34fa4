/** Enforcement rows as SQLite returns them, and where their snake_case and JSON become domain values. */
import { ACTION_KINDS, SIGNALS, type ActionKind, type EnforcementAction, type JsonObject, type OriginEvidence, type Signal, type TenantEnforcement, type Violation } from '../../domain/enforcement.js';
import type { OutboxMessage } from '../enforcement-port.js';

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

export interface TenantEnforcementRow {
  readonly tenant_id: string;
  readonly attestation_secret: string | null;
  readonly may_attest: number;
  readonly country_mismatch: number | null;
  readonly updated_at: number;
}

export interface OutboxRow {
  readonly id: string;
  readonly type: string;
  readonly payload: string;
  readonly created_at: number;
  readonly attempts: number;
  readonly next_attempt_at: number;
  readonly delivered_at: number | null;
  readonly abandoned_at: number | null;
  readonly last_error: string | null;
}

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Error(`unknown ${what} in the store: ${value}`);
  return found;
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

export function toTenantEnforcement(tenantId: string, row: TenantEnforcementRow | undefined): TenantEnforcement {
  if (row === undefined) return { tenantId, attestationSecret: null, mayAttest: false, countryMismatch: null, updatedAt: null };
  return {
    tenantId,
    attestationSecret: row.attestation_secret,
    mayAttest: row.may_attest === 1,
    countryMismatch: row.country_mismatch === null ? null : row.country_mismatch === 1,
    updatedAt: row.updated_at,
  };
}

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    type: row.type,
    payload: row.payload,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    abandonedAt: row.abandoned_at,
    lastError: row.last_error,
  };
}
