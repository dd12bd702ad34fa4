import type { Migration } from './migration.js';

/**
 * `audit_journal`: how far each append-only journal file beside the database (`<file>-audit/`, ADR 0015)
 * has been sealed into `audit_log`, in bytes. Advanced in the transaction that inserts the sealed
 * records, so every journal line becomes exactly one record whichever process seals it.
 * `audit_journal_database`: this database's random id, the prefix of its journal files' names, so the
 * journals of another database left in the directory (a database deleted and created again) are never
 * sealed into this one.
 */
export const auditJournal: Migration = {
  version: 7,
  name: 'audit_journal',
  sql: `
    CREATE TABLE audit_journal (
      file   TEXT    NOT NULL PRIMARY KEY,
      offset INTEGER NOT NULL CHECK (offset >= 0)
    ) STRICT;
    CREATE TABLE audit_journal_database (
      id TEXT NOT NULL CHECK (length(id) = 16)
    ) STRICT;
    INSERT INTO audit_journal_database (id) VALUES (lower(hex(randomblob(8))));
  `,
};
