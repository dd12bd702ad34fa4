/**
 * EnforcementStore on SQLite. Like the account store, each method does its work synchronously and
 * returns a settled promise; multi-row writes run in IMMEDIATE transactions. An action, the key's
 * status, its webhook message and its `action` audit record are one transaction: if the audit append
 * fails, nothing of the action is written.
 */
import type Database from 'better-sqlite3';
import { actionEntry } from '../../audit/index.js';
import type { KeyStatus } from '../../domain/account.js';
import type { EnforcementAction, NewAction, NewViolation, TenantEnforcement, Violation } from '../../domain/enforcement.js';
import { actionsUnchanged, statusAfter, type ActionsSeen, type EnforcementStore, type OutboxDraft, type OutboxMessage, type RecordFilter, type WebhookOutbox } from '../enforcement-port.js';
import type { StoreClock } from '../port.js';
import { newId, type RandomBytes } from '../secrets.js';
import type { SqliteAuditStore } from './audit-store.js';
import { toAction, toActionRow, toTenantEnforcement, toViolation, toViolationRow } from '../shared/enforcement-rows.js';
import { claimedMessages, lastErrorText, toOutboxMessage } from '../shared/outbox-rows.js';
import { prepareEnforcementStatements, type EnforcementStatements, type RecordQueries } from './enforcement-statements.js';

const DEFAULT_LIMIT = 1000;

export class SqliteEnforcementStore implements EnforcementStore {
  readonly outbox: WebhookOutbox;
  readonly #sql: EnforcementStatements;
  readonly #clock: StoreClock;
  readonly #random: RandomBytes;
  readonly #audit: Pick<SqliteAuditStore, 'appendInTransaction'>;
  readonly #recordViolations: (list: readonly NewViolation[]) => Violation[];
  readonly #applyAction: (action: NewAction, notify?: (saved: EnforcementAction) => OutboxDraft) => EnforcementAction;
  readonly #applyIfUnchanged: (action: NewAction, seen: ActionsSeen, notify?: (saved: EnforcementAction) => OutboxDraft) => EnforcementAction | null;

  constructor(
    db: Database.Database,
    clock: StoreClock,
    random: RandomBytes,
    audit: Pick<SqliteAuditStore, 'appendInTransaction'>,
    /** Called after an action may have changed a key's standing (the account store's lookups read again). */
    private readonly keyChanged: () => void = () => {},
  ) {
    this.#sql = prepareEnforcementStatements(db);
    this.#clock = clock;
    this.#random = random;
    this.#audit = audit;
    const record = db.transaction((list: readonly NewViolation[]) => list.map((v) => this.#insertViolation(v)));
    const apply = db.transaction((action: NewAction, notify?: (saved: EnforcementAction) => OutboxDraft) => this.#applyNow(action, notify));
    this.#recordViolations = (list) => record.immediate(list);
    this.#applyAction = (action, notify) => apply.immediate(action, notify);
    // IMMEDIATE: the write lock is taken before the check, so no other writer acts in between.
    const applyIf = db.transaction((action: NewAction, seen: ActionsSeen, notify?: (saved: EnforcementAction) => OutboxDraft) =>
      actionsUnchanged(this.#sql.actionIdsByKey.all({ id: action.keyId, since: seen.since }), seen) ? this.#applyNow(action, notify) : null,
    );
    this.#applyIfUnchanged = (action, seen, notify) => applyIf.immediate(action, seen, notify);
    this.outbox = new SqliteOutbox(this.#sql, random);
  }

  async recordViolations(violations: readonly NewViolation[]): Promise<Violation[]> {
    return violations.length === 0 ? [] : this.#recordViolations(violations);
  }

  async listViolations(filter: RecordFilter): Promise<Violation[]> {
    return listRecords(this.#sql.violations, filter).map(toViolation);
  }

  async applyAction(action: NewAction, notify?: (saved: EnforcementAction) => OutboxDraft): Promise<EnforcementAction> {
    try {
      return this.#applyAction(action, notify);
    } finally {
      this.keyChanged();
    }
  }

  async applyActionIfUnchanged(action: NewAction, seen: ActionsSeen, notify?: (saved: EnforcementAction) => OutboxDraft): Promise<EnforcementAction | null> {
    try {
      return this.#applyIfUnchanged(action, seen, notify);
    } finally {
      this.keyChanged();
    }
  }

  async listActions(filter: RecordFilter): Promise<EnforcementAction[]> {
    return listRecords(this.#sql.actions, filter).map(toAction);
  }

  async getTenantEnforcement(tenantId: string): Promise<TenantEnforcement> {
    return toTenantEnforcement(tenantId, this.#sql.tenantSettings.get(tenantId));
  }

  async setAttestationSecret(tenantId: string, secret: string | null): Promise<TenantEnforcement> {
    this.#sql.setAttestationSecret.run({ tenant_id: tenantId, secret, at: this.#clock.now() });
    return this.getTenantEnforcement(tenantId);
  }

  async setCountryMismatch(tenantId: string, value: boolean | null): Promise<TenantEnforcement> {
    this.#sql.setCountryMismatch.run({ tenant_id: tenantId, value: value === null ? null : value ? 1 : 0, at: this.#clock.now() });
    return this.getTenantEnforcement(tenantId);
  }

  #insertViolation(v: NewViolation): Violation {
    const row = toViolationRow(newId('vio', this.#random), v);
    this.#sql.insertViolation.run(row);
    return toViolation(row);
  }

  #applyNow(action: NewAction, notify?: (saved: EnforcementAction) => OutboxDraft): EnforcementAction {
    const row = toActionRow(newId('act', this.#random), action);
    this.#sql.insertAction.run(row);
    // Read in this transaction, under its write lock: what the action finds is what it changes.
    const current = this.#sql.keyStanding.get(action.keyId);
    const standing = statusAfter(action, current === undefined ? null : { status: current.status as KeyStatus, suspendedUntil: current.suspended_until });
    this.#sql.setKeyStatus.run({ id: action.keyId, status: standing.status, suspended_until: standing.suspendedUntil });
    const saved = toAction(row);
    if (notify) {
      const draft = notify(saved);
      this.#sql.enqueue.run({ id: newId('evt', this.#random), type: draft.type, payload: draft.payload, at: action.at });
    }
    // In this transaction, under its write lock: a failed append (or an unencodable action) rolls it all back.
    this.#audit.appendInTransaction([actionEntry(saved)]);
    return saved;
  }
}

/** Newest first, by key or tenant (both may be given: the key's statement, then its tenant checked), after `since`. */
function listRecords<Row extends { readonly tenant_id: string }>(queries: RecordQueries<Row>, filter: RecordFilter): Row[] {
  const window = { since: filter.since ?? Number.MIN_SAFE_INTEGER, limit: filter.limit ?? DEFAULT_LIMIT };
  const rows =
    filter.keyId !== undefined
      ? queries.byKey.all({ id: filter.keyId, ...window })
      : filter.tenantId !== undefined
        ? queries.byTenant.all({ id: filter.tenantId, ...window })
        : queries.all.all(window);
  return rows.filter((r) => filter.tenantId === undefined || r.tenant_id === filter.tenantId);
}

class SqliteOutbox implements WebhookOutbox {
  constructor(
    private readonly sql: EnforcementStatements,
    private readonly random: RandomBytes,
  ) {}

  async enqueue(draft: OutboxDraft, at: number): Promise<OutboxMessage> {
    const id = newId('evt', this.random);
    this.sql.enqueue.run({ id, type: draft.type, payload: draft.payload, at });
    const row = this.sql.outboxById.get(id);
    if (row === undefined) throw new Error(`outbox message ${id} vanished`);
    return toOutboxMessage(row);
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const rows = this.sql.claimDue.all({ now, limit, until: now + leaseMs });
    return claimedMessages(rows);
  }

  async markDelivered(id: string, at: number): Promise<void> {
    this.sql.markDelivered.run({ id, at });
  }

  async markFailed(id: string, failure: { readonly at: number; readonly error: string; readonly nextAttemptAt: number | null }): Promise<void> {
    this.sql.markFailed.run({ id, at: failure.at, error: lastErrorText(failure.error), next: failure.nextAttemptAt });
  }

  async list(filter: { readonly pending?: boolean; readonly limit?: number } = {}): Promise<OutboxMessage[]> {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    return (filter.pending === true ? this.sql.outboxPending.all({ limit }) : this.sql.outboxAll.all({ limit })).map(toOutboxMessage);
  }
}
