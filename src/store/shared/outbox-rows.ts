/** `webhook_outbox` rows as both backends return them, and what both do with them beside the SQL. */
import type { OutboxMessage } from '../enforcement-port.js';

/** The columns of an OutboxRow. */
export const OUTBOX_COLUMNS = 'id, type, payload, created_at, attempts, next_attempt_at, delivered_at, abandoned_at, last_error';

/** The longest `last_error` kept: an upstream's error text can be a whole page. */
const LAST_ERROR_LENGTH = 1000;

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

/** Claimed messages, oldest due first (an UPDATE … RETURNING gives no order). */
export function claimedMessages(rows: readonly OutboxRow[]): OutboxMessage[] {
  return rows.map(toOutboxMessage).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt);
}

export function lastErrorText(error: string): string {
  return error.slice(0, LAST_ERROR_LENGTH);
}
