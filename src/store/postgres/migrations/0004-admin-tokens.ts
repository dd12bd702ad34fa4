import type { PgMigration } from './migration.js';

/** Admin tokens (as SQLite's 0004): stored as the SHA-256 of the secret only. */
export const adminTokens: PgMigration = {
  version: 4,
  name: 'admin_tokens',
  sql: `
    CREATE TABLE admin_tokens (
      id           TEXT   NOT NULL PRIMARY KEY,
      name         TEXT   NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role         TEXT   NOT NULL CHECK (role IN ('read', 'admin')),
      secret_hash  TEXT   NOT NULL CHECK (length(secret_hash) = 64),
      prefix       TEXT   NOT NULL,
      created_at   BIGINT NOT NULL,
      last_used_at BIGINT,
      revoked_at   BIGINT,
      ord          BIGINT GENERATED ALWAYS AS IDENTITY
    );
    CREATE UNIQUE INDEX admin_tokens_secret_hash ON admin_tokens (secret_hash);
    CREATE INDEX admin_tokens_prefix ON admin_tokens (prefix);
  `,
};
