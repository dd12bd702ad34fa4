/** Every statement the enforcement store runs, prepared once when the store opens. */
import type Database from 'better-sqlite3';
import { ACTION_COLUMNS, VIOLATION_COLUMNS, type ActionRow, type TenantSettingsRow, type ViolationRow } from '../shared/enforcement-rows.js';
import { OUTBOX_COLUMNS, type OutboxRow } from '../shared/outbox-rows.js';

interface Window {
  readonly since: number;
  readonly limit: number;
}

/** A table's records newest first after `since`: of one key, of one tenant, of all. */
export interface RecordQueries<Row> {
  readonly byKey: Database.Statement<Window & { readonly id: string }, Row>;
  readonly byTenant: Database.Statement<Window & { readonly id: string }, Row>;
  readonly all: Database.Statement<Window, Row>;
}

export type EnforcementStatements = ReturnType<typeof prepareEnforcementStatements>;

export function prepareEnforcementStatements(db: Database.Database) {
  const records = <Row>(table: string, columns: string): RecordQueries<Row> => {
    const select = <P extends Window>(where: string) =>
      db.prepare<P, Row>(`SELECT ${columns} FROM ${table} WHERE ${where}at > @since ORDER BY at DESC, rowid DESC LIMIT @limit`);
    return { byKey: select('key_id = @id AND '), byTenant: select('tenant_id = @id AND '), all: select('') };
  };
  return {
    insertViolation: db.prepare<ViolationRow>(
      `INSERT INTO violations (${VIOLATION_COLUMNS}) VALUES (@id, @key_id, @tenant_id, @signal, @rule, @weight, @at, @request_id, @origin, @detail)`,
    ),
    violations: records<ViolationRow>('violations', VIOLATION_COLUMNS),

    insertAction: db.prepare<ActionRow>(
      `INSERT INTO enforcement_actions (${ACTION_COLUMNS})
       VALUES (@id, @key_id, @tenant_id, @kind, @at, @until, @actor, @rule, @score, @note, @violation_ids, @evidence)`,
    ),
    keyStanding: db.prepare<[string], { status: string; suspended_until: number | null }>('SELECT status, suspended_until FROM api_keys WHERE id = ?'),
    setKeyStatus: db.prepare<{ id: string; status: string; suspended_until: number | null }>(
      `UPDATE api_keys SET status = @status, suspended_until = @suspended_until WHERE id = @id AND status <> 'revoked'`,
    ),
    actions: records<ActionRow>('enforcement_actions', ACTION_COLUMNS),
    actionIdsByKey: db.prepare<{ id: string; since: number }, string>('SELECT id FROM enforcement_actions WHERE key_id = @id AND at > @since').pluck(),

    tenantSettings: db.prepare<[string], TenantSettingsRow>(
      'SELECT attestation_secret, may_attest, country_mismatch, updated_at FROM tenant_enforcement WHERE tenant_id = ?',
    ),
    setAttestationSecret: db.prepare<{ tenant_id: string; secret: string | null; at: number }>(
      `INSERT INTO tenant_enforcement (tenant_id, attestation_secret, may_attest, updated_at)
       VALUES (@tenant_id, @secret, @secret IS NOT NULL, @at)
       ON CONFLICT (tenant_id) DO UPDATE SET attestation_secret = excluded.attestation_secret,
         may_attest = excluded.may_attest, updated_at = excluded.updated_at`,
    ),
    setCountryMismatch: db.prepare<{ tenant_id: string; value: number | null; at: number }>(
      `INSERT INTO tenant_enforcement (tenant_id, country_mismatch, updated_at) VALUES (@tenant_id, @value, @at)
       ON CONFLICT (tenant_id) DO UPDATE SET country_mismatch = excluded.country_mismatch, updated_at = excluded.updated_at`,
    ),

    enqueue: db.prepare<{ id: string; type: string; payload: string; at: number }>(
      `INSERT INTO webhook_outbox (id, type, payload, created_at, next_attempt_at) VALUES (@id, @type, @payload, @at, @at)`,
    ),
    outboxById: db.prepare<[string], OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM webhook_outbox WHERE id = ?`),
    claimDue: db.prepare<{ now: number; limit: number; until: number }, OutboxRow>(
      `UPDATE webhook_outbox SET claimed_until = @until
       WHERE id IN (SELECT id FROM webhook_outbox
                    WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= @now
                      AND (claimed_until IS NULL OR claimed_until <= @now)
                    ORDER BY next_attempt_at, rowid LIMIT @limit)
       RETURNING ${OUTBOX_COLUMNS}`,
    ),
    markDelivered: db.prepare<{ id: string; at: number }>(
      'UPDATE webhook_outbox SET delivered_at = @at, attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE id = @id',
    ),
    markFailed: db.prepare<{ id: string; at: number; error: string; next: number | null }>(
      `UPDATE webhook_outbox SET attempts = attempts + 1, last_error = @error, claimed_until = NULL,
         next_attempt_at = coalesce(@next, next_attempt_at), abandoned_at = CASE WHEN @next IS NULL THEN @at END
       WHERE id = @id`,
    ),
    outboxAll: db.prepare<{ limit: number }, OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM webhook_outbox ORDER BY created_at DESC, rowid DESC LIMIT @limit`),
    outboxPending: db.prepare<{ limit: number }, OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM webhook_outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    ),
  };
}
