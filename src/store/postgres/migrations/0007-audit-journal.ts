import type { PgMigration } from './migration.js';

/**
 * As SQLite's 0007 in number and name only: the audit journal is SQLite's (ADR 0015; PostgreSQL appends
 * with `cordon_audit_append`), so there is nothing to create. The step keeps both schemas numbered alike.
 */
export const auditJournal: PgMigration = {
  version: 7,
  name: 'audit_journal',
  sql: `SELECT 1;`,
};
