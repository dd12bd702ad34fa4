/** Every statement the audit log runs, prepared once. Rows are the audit_log and audit_checkpoints columns (../shared/audit-rows.ts). */
import type Database from 'better-sqlite3';
import { AUDIT_COLUMNS, CHECKPOINT_COLUMNS, type AuditRow, type CheckpointRow } from '../shared/audit-rows.js';

/** Re-exported for the audit store, which reads and writes them through these statements. */
export type { AuditRow, CheckpointRow };

interface HeadRow {
  readonly seq: number;
  readonly hash: string;
}

export type AuditStatements = ReturnType<typeof prepareAuditStatements>;

export function prepareAuditStatements(db: Database.Database) {
  return {
    /** Positional (in AUDIT_COLUMNS' order): binding by name looks each parameter up on an object, a cost per record. */
    insert: db.prepare<[number, number, string, string, string, string, string]>(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    last: db.prepare<[], HeadRow>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    first: db.prepare<[], HeadRow>('SELECT seq, hash FROM audit_log ORDER BY seq ASC LIMIT 1'),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log'),
    hashAt: db.prepare<[number], HeadRow>('SELECT seq, hash FROM audit_log WHERE seq = ?'),
    page: db.prepare<{ from_seq: number; from: number; to: number; limit: number }, AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq >= @from_seq AND at >= @from AND at < @to ORDER BY seq LIMIT @limit`,
    ),
    byRef: db.prepare<[string], AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE ref = ? ORDER BY seq`),
    /** The last record of the longest prefix of the log that lies entirely before an instant. */
    pruneThrough: db.prepare<[number], { through: number | null }>(
      `SELECT coalesce((SELECT min(seq) - 1 FROM audit_log WHERE at >= ?), (SELECT max(seq) FROM audit_log)) AS through`,
    ),
    countThrough: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM audit_log WHERE seq <= ?'),
    deleteThrough: db.prepare<[number]>('DELETE FROM audit_log WHERE seq <= ?'),
    insertCheckpoint: db.prepare<CheckpointRow>(
      `INSERT INTO audit_checkpoints (${CHECKPOINT_COLUMNS}) VALUES (@kind, @seq, @hash, @at, @pruned_before, @pruned, @signature)`,
    ),
    checkpoints: db.prepare<[], CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY id`),
    lastPrune: db.prepare<[], CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE kind = 'prune' ORDER BY seq DESC, id DESC LIMIT 1`),
  };
}
