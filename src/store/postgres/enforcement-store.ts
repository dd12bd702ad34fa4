/**
 * EnforcementStore on PostgreSQL. `applyAction` records the action, sets the key's status, enqueues
 * its webhook and appends its `action` audit record in one transaction (the append last, so the lock
 * on the audit chain head, ADR 0008, is held only from there to the commit); the key's status change
 * notifies the other instances (migration 0001's trigger). Violations of one call are inserted in one
 * transaction.
 */
import { actionEntry } from '../../audit/index.js';
import type { KeyStatus } from '../../domain/account.js';
import type { EnforcementAction, NewAction, NewViolation, TenantEnforcement, Violation } from '../../domain/enforcement.js';
import { actionsUnchanged, statusAfter, type ActionsSeen, type EnforcementStore, type OutboxDraft, type RecordFilter, type WebhookOutbox } from '../enforcement-port.js';
import type { StoreClock } from '../port.js';
import { newId, type RandomBytes } from '../secrets.js';
import { ACTION_COLUMNS, VIOLATION_COLUMNS, toAction, toActionRow, toTenantEnforcement, toViolation, toViolationRow, type ActionRow, type TenantSettingsRow, type ViolationRow } from '../shared/enforcement-rows.js';
import type { PgAuditStore } from './audit-store.js';
import type { Db } from './connection.js';
import { PgOutbox } from './outbox.js';

const DEFAULT_LIMIT = 1000;

export class PgEnforcementStore implements EnforcementStore {
  readonly outbox: WebhookOutbox;

  constructor(
    private readonly db: Db,
    private readonly clock: StoreClock,
    private readonly random: RandomBytes,
    private readonly audit: Pick<PgAuditStore, 'appendInTransaction'>,
    /** Called once an action may have changed a key's status (the account store's key cache). */
    private readonly keyChanged: () => void = () => {},
  ) {
    this.outbox = new PgOutbox(db, random);
  }

  async recordViolations(violations: readonly NewViolation[]): Promise<Violation[]> {
    if (violations.length === 0) return [];
    const rows = violations.map((v) => toViolationRow(newId('vio', this.random), v));
    const column = (name: keyof ViolationRow) => rows.map((r) => r[name]);
    // One statement for the whole list: atomic, and rows keep the given order (ord follows unnest's).
    await this.db.query(
      `INSERT INTO violations (${VIOLATION_COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::int8[], $8::text[], $9::text[], $10::text[])`,
      [column('id'), column('key_id'), column('tenant_id'), column('signal'), column('rule'), column('weight'), column('at'), column('request_id'), column('origin'), column('detail')],
    );
    return rows.map(toViolation);
  }

  async listViolations(filter: RecordFilter): Promise<Violation[]> {
    const rows = await this.#list<ViolationRow>('violations', VIOLATION_COLUMNS, filter);
    return rows.map(toViolation);
  }

  async applyAction(action: NewAction, notify?: (saved: EnforcementAction) => OutboxDraft): Promise<EnforcementAction> {
    return (await this.#apply(action, notify, null)) as EnforcementAction;
  }

  async applyActionIfUnchanged(action: NewAction, seen: ActionsSeen, notify?: (saved: EnforcementAction) => OutboxDraft): Promise<EnforcementAction | null> {
    return this.#apply(action, notify, seen);
  }

  async #apply(action: NewAction, notify: ((saved: EnforcementAction) => OutboxDraft) | undefined, seen: ActionsSeen | null): Promise<EnforcementAction | null> {
    const row = toActionRow(newId('act', this.random), action);
    const saved = toAction(row);
    const draft = notify?.(saved);
    try {
      return (await this.#applyInTransaction(row, saved, action, draft, seen)) ? saved : null;
    } finally {
      this.keyChanged();
    }
  }

  /** False (nothing written) when `seen` is given and the key's actions are no longer those. */
  async #applyInTransaction(row: ActionRow, saved: EnforcementAction, action: NewAction, draft: OutboxDraft | undefined, seen: ActionsSeen | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // The key's row lock orders the writers for one key; what they then read is what the one before
      // them committed (READ COMMITTED: each statement sees the latest commit).
      const [current] = await tx.query<{ status: KeyStatus; suspended_until: string | number | null }>('SELECT status, suspended_until FROM api_keys WHERE id = $1 FOR UPDATE', [action.keyId]);
      const standing = statusAfter(action, current === undefined ? null : { status: current.status, suspendedUntil: current.suspended_until === null ? null : Number(current.suspended_until) });
      if (seen !== null) {
        const rows = await tx.query<{ id: string }>('SELECT id FROM enforcement_actions WHERE key_id = $1 AND at > $2', [action.keyId, seen.since]);
        if (!actionsUnchanged(rows.map((r) => r.id), seen)) return false;
      }
      await tx.query(`INSERT INTO enforcement_actions (${ACTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [
        row.id, row.key_id, row.tenant_id, row.kind, row.at, row.until, row.actor, row.rule, row.score, row.note, row.violation_ids, row.evidence,
      ]);
      await tx.query("UPDATE api_keys SET status = $1, suspended_until = $2 WHERE id = $3 AND status <> 'revoked'", [standing.status, standing.suspendedUntil, action.keyId]);
      if (draft !== undefined) {
        await tx.query('INSERT INTO webhook_outbox (id, type, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)', [
          newId('evt', this.random), draft.type, draft.payload, action.at,
        ]);
      }
      // A failed append (or an unencodable action) rolls the whole action back.
      await this.audit.appendInTransaction(tx, [actionEntry(saved)]);
      return true;
    });
  }

  async listActions(filter: RecordFilter): Promise<EnforcementAction[]> {
    const rows = await this.#list<ActionRow>('enforcement_actions', ACTION_COLUMNS, filter);
    return rows.map(toAction);
  }

  async getTenantEnforcement(tenantId: string): Promise<TenantEnforcement> {
    const [row] = await this.db.query<TenantSettingsRow>(
      'SELECT attestation_secret, may_attest, country_mismatch, updated_at FROM tenant_enforcement WHERE tenant_id = $1',
      [tenantId],
    );
    return toTenantEnforcement(tenantId, row);
  }

  async setAttestationSecret(tenantId: string, secret: string | null): Promise<TenantEnforcement> {
    await this.db.query(
      `INSERT INTO tenant_enforcement (tenant_id, attestation_secret, may_attest, updated_at) VALUES ($1, $2, $2::text IS NOT NULL, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET attestation_secret = excluded.attestation_secret, may_attest = excluded.may_attest, updated_at = excluded.updated_at`,
      [tenantId, secret, this.clock.now()],
    );
    return this.getTenantEnforcement(tenantId);
  }

  async setCountryMismatch(tenantId: string, value: boolean | null): Promise<TenantEnforcement> {
    await this.db.query(
      `INSERT INTO tenant_enforcement (tenant_id, country_mismatch, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET country_mismatch = excluded.country_mismatch, updated_at = excluded.updated_at`,
      [tenantId, value, this.clock.now()],
    );
    return this.getTenantEnforcement(tenantId);
  }

  /** Newest first, by key or tenant (both may be given), after `since`. */
  async #list<R>(table: string, columns: string, filter: RecordFilter): Promise<R[]> {
    const where = ['at > $1'];
    const values: unknown[] = [filter.since ?? Number.MIN_SAFE_INTEGER, filter.limit ?? DEFAULT_LIMIT];
    if (filter.keyId !== undefined) where.push(`key_id = $${values.push(filter.keyId)}`);
    if (filter.tenantId !== undefined) where.push(`tenant_id = $${values.push(filter.tenantId)}`);
    return this.db.query<R>(`SELECT ${columns} FROM ${table} WHERE ${where.join(' AND ')} ORDER BY at DESC, ord DESC LIMIT $2`, values);
  }
}
