import type { Migration } from './migration.js';

/**
 * `audit_journal`: how far each append-only journal file beside the database (`<file>-audit/`, ADR 0015)
 * has been sealed into `audit_log`, in bytes. Advanced in the transaction that inserts the sealed
 * records, so every journal line becomes exactly one record whichever process seals it.
 */
export const auditJournal: Migration = {
  version: 7,
  name: 'audit_journal',
  sql: `
    CREATE TABLE audit_journal (
      file   TEXT    NOT NULL PRIMARY KEY,
      offset INTEGER NOT NULL CHECK (offset >= 0)
    ) STRICT;
  `,
};
