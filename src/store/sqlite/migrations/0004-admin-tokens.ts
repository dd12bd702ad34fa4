import type { Migration } from './migration.js';

/**
 * Admin tokens (docs/admin-api.md): bearer secrets for the admin API and dashboard, stored as their
 * SHA-256 only. The role list mirrors ADMIN_ROLES in src/store/admin-token-port.ts.
 */
export const adminTokens: Migration = {
  version: 4,
  name: 'admin_tokens',
  sql: `
    CREATE TABLE admin_tokens (
      id           TEXT    NOT NULL PRIMARY KEY,
      name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role         TEXT    NOT NULL CHECK (role IN ('read', 'admin')),
      secret_hash  TEXT    NOT NULL CHECK (length(secret_hash) = 64),
      prefix       TEXT    NOT NULL,
      created_at   INTEGER NOT NULL,
      last_used_at INTEGER,
      revoked_at   INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX admin_tokens_secret_hash ON admin_tokens (secret_hash);
    CREATE INDEX admin_tokens_prefix ON admin_tokens (prefix);
  `,
};
