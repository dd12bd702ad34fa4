/**
 * The enforcement port: violations, actions on keys, per-tenant enforcement settings and the webhook
 * outbox. Every backend implements it and passes test/store/enforcement-store.conformance.ts. Async,
 * so a networked backend fits the same contract.
 */
import type { KeyStatus } from '../domain/account.js';
import type { EnforcementAction, NewAction, NewViolation, TenantEnforcement, Violation } from '../domain/enforcement.js';

export interface RecordFilter {
  readonly keyId?: string;
  readonly tenantId?: string;
  /** Only records after this instant (epoch ms, exclusive). */
  readonly since?: number;
  /** At most this many, newest first; default 1000. */
  readonly limit?: number;
}

/** What an action's webhook says; the store adds the message id and times. */
export interface OutboxDraft {
  readonly type: string;
  /** The JSON body, exactly as it will be signed and sent. */
  readonly payload: string;
}

export interface OutboxMessage extends OutboxDraft {
  readonly id: string;
  readonly createdAt: number;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly deliveredAt: number | null;
  /** Set when the message was given up after its last attempt. */
  readonly abandonedAt: number | null;
  readonly lastError: string | null;
}

export interface WebhookOutbox {
  /** Adds a message due at `at`. */
  enqueue(draft: OutboxDraft, at: number): Promise<OutboxMessage>;
  /**
   * Takes up to `limit` due messages (undelivered, not given up, next attempt at or before `now`, not
   * held by another worker) and holds them for `leaseMs`, so two workers never send the same one at
   * once. Oldest first.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  markDelivered(id: string, at: number): Promise<void>;
  /** Counts the attempt; `nextAttemptAt` null gives the message up. */
  markFailed(id: string, failure: { readonly at: number; readonly error: string; readonly nextAttemptAt: number | null }): Promise<void>;
  /** Newest first; `pending` only undelivered messages not given up. */
  list(filter?: { readonly pending?: boolean; readonly limit?: number }): Promise<OutboxMessage[]>;
}

/** The actions a caller read for a key: the ids `listActions({ keyId, since })` gave (actions after `since`). */
export interface ActionsSeen {
  readonly since: number;
  readonly ids: readonly string[];
}

/** Whether the key's action ids after `seen.since`, read now, are the ones the caller saw. */
export function actionsUnchanged(now: readonly string[], seen: ActionsSeen): boolean {
  if (now.length !== seen.ids.length) return false;
  const before = new Set(seen.ids);
  return now.every((id) => before.has(id));
}

export interface EnforcementStore {
  /** Records violations (one transaction) and returns them with their ids, in the given order. */
  recordViolations(violations: readonly NewViolation[]): Promise<Violation[]>;
  listViolations(filter: RecordFilter): Promise<Violation[]>;
  /**
   * In one transaction: records the action, sets the key's status from it (`statusAfter`; a revoked
   * key keeps its status), when `notify` is given enqueues the webhook message it builds from the
   * saved action, and appends the action's `action` record to the audit log (`actionEntry`). If any
   * of it fails (the audit append included) nothing is written and the promise rejects. Nothing
   * decided is lost if the process dies right after.
   */
  applyAction(action: NewAction, notify?: (saved: EnforcementAction) => OutboxDraft): Promise<EnforcementAction>;
  /**
   * `applyAction`, but only if the key's actions after `seen.since` are still exactly `seen.ids` — the
   * ones the ladder decided from. Null, and nothing written, when they changed: another instance
   * acted on the same key meanwhile (its action may have consumed the same violations). The check and
   * the write are one step per key: under SQLite's write lock; on PostgreSQL with the key's row locked.
   */
  applyActionIfUnchanged(action: NewAction, seen: ActionsSeen, notify?: (saved: EnforcementAction) => OutboxDraft): Promise<EnforcementAction | null>;
  listActions(filter: RecordFilter): Promise<EnforcementAction[]>;

  /** The tenant's settings; defaults (no secret, may not attest, no override) when none were set. */
  getTenantEnforcement(tenantId: string): Promise<TenantEnforcement>;
  /** Sets (or with null removes) the attestation secret; the tenant may attest exactly when one is set. */
  setAttestationSecret(tenantId: string, secret: string | null): Promise<TenantEnforcement>;
  /** Overrides the config's country-mismatch switch for the tenant; null returns to the config. */
  setCountryMismatch(tenantId: string, value: boolean | null): Promise<TenantEnforcement>;

  readonly outbox: WebhookOutbox;
}

/** A key's status and, while suspended, until when. */
export interface KeyStanding {
  readonly status: KeyStatus;
  readonly suspendedUntil: number | null;
}

/**
 * The key status an action leaves, given the one it finds (`current`; null: as if none): the one place
 * this mapping lives, shared by every backend. Only a reinstatement lowers a key's standing. A warning
 * or a suspension that finds the key blocked, or suspended for longer, leaves it so — the ladder of a
 * request decided before the key was suspended or blocked, or of another instance, must not lift it.
 */
export function statusAfter(action: Pick<NewAction, 'kind' | 'until' | 'at'>, current: KeyStanding | null = null): KeyStanding {
  const next = standingOf(action);
  if (current === null || action.kind === 'reinstate') return next;
  const [was, will] = [rank(current, action.at), rank(next, action.at)];
  if (was > will) return current;
  if (was === will && was === SUSPENDED && untilOrNever(current) > untilOrNever(next)) return current;
  return next;
}

function standingOf(action: Pick<NewAction, 'kind' | 'until'>): KeyStanding {
  switch (action.kind) {
    case 'warn':
      return { status: 'warned', suspendedUntil: null };
    case 'suspend':
      return { status: 'suspended', suspendedUntil: action.until };
    case 'block':
      return { status: 'blocked', suspendedUntil: null };
    case 'reinstate':
      return { status: 'active', suspendedUntil: null };
  }
}

const SUSPENDED = 2;

/** How strongly a standing holds the key at `at`: a suspension that has run out holds it no more than a warning. */
function rank(s: KeyStanding, at: number): number {
  switch (s.status) {
    case 'blocked':
    case 'revoked':
      return 3;
    case 'suspended':
      return untilOrNever(s) > at ? SUSPENDED : 1; // without an end: until further notice
    case 'warned':
      return 1;
    default:
      return 0;
  }
}

function untilOrNever(s: KeyStanding): number {
  return s.suspendedUntil ?? Number.POSITIVE_INFINITY;
}
