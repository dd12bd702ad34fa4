/**
 * The webhook outbox on PostgreSQL. `claimDue` takes due messages with `FOR UPDATE SKIP LOCKED` and
 * leases them in the same statement, so workers on several instances never send one message twice
 * at once and never wait on each other.
 */
import type { OutboxDraft, OutboxMessage, WebhookOutbox } from '../enforcement-port.js';
import { newId, type RandomBytes } from '../secrets.js';
import { OUTBOX_COLUMNS, claimedMessages, lastErrorText, toOutboxMessage, type OutboxRow } from '../shared/outbox-rows.js';
import type { Db } from './connection.js';

const DEFAULT_LIMIT = 1000;

export class PgOutbox implements WebhookOutbox {
  constructor(
    private readonly db: Db,
    private readonly random: RandomBytes,
  ) {}

  async enqueue(draft: OutboxDraft, at: number): Promise<OutboxMessage> {
    const [row] = await this.db.query<OutboxRow>(
      `INSERT INTO webhook_outbox (id, type, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${OUTBOX_COLUMNS}`,
      [newId('evt', this.random), draft.type, draft.payload, at],
    );
    if (row === undefined) throw new Error('the outbox insert returned no row');
    return toOutboxMessage(row);
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const rows = await this.db.query<OutboxRow>(
      `UPDATE webhook_outbox SET claimed_until = $3
       WHERE id IN (SELECT id FROM webhook_outbox
                    WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= $1
                      AND (claimed_until IS NULL OR claimed_until <= $1)
                    ORDER BY next_attempt_at, ord LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING ${OUTBOX_COLUMNS}`,
      [now, limit, now + leaseMs],
    );
    return claimedMessages(rows);
  }

  async markDelivered(id: string, at: number): Promise<void> {
    await this.db.query('UPDATE webhook_outbox SET delivered_at = $2, attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE id = $1', [id, at]);
  }

  async markFailed(id: string, failure: { readonly at: number; readonly error: string; readonly nextAttemptAt: number | null }): Promise<void> {
    await this.db.query(
      `UPDATE webhook_outbox SET attempts = attempts + 1, last_error = $3, claimed_until = NULL,
         next_attempt_at = coalesce($4, next_attempt_at), abandoned_at = CASE WHEN $4::int8 IS NULL THEN $2::int8 END
       WHERE id = $1`,
      [id, failure.at, lastErrorText(failure.error), failure.nextAttemptAt],
    );
  }

  async list(filter: { readonly pending?: boolean; readonly limit?: number } = {}): Promise<OutboxMessage[]> {
    const pending = filter.pending === true ? 'WHERE delivered_at IS NULL AND abandoned_at IS NULL' : '';
    const rows = await this.db.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM webhook_outbox ${pending} ORDER BY created_at DESC, ord DESC LIMIT $1`, [filter.limit ?? DEFAULT_LIMIT]);
    return rows.map(toOutboxMessage);
  }
}
