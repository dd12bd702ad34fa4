import type { Migration } from './migration.js';

/**
 * Tenants and their API keys. Times are epoch milliseconds. The status list mirrors KEY_STATUSES in
 * src/domain/account.ts (a test keeps them in step); a new status needs a new migration.
 */
export const accounts: Migration = {
  version: 1,
  name: 'accounts',
  sql: `
    CREATE TABLE tenants (
      id                 TEXT    NOT NULL PRIMARY KEY,
      name               TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      registered_country TEXT    CHECK (registered_country IS NULL OR registered_country GLOB '[A-Z][A-Z]'),
      created_at         INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX tenants_name ON tenants (name);

    CREATE TABLE api_keys (
      id              TEXT    NOT NULL PRIMARY KEY,
      tenant_id       TEXT    NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
      secret_hash     TEXT    NOT NULL CHECK (length(secret_hash) = 64),
      prefix          TEXT    NOT NULL,
      status          TEXT    NOT NULL DEFAULT 'active'
                              CHECK (status IN ('active', 'warned', 'suspended', 'blocked', 'revoked')),
      suspended_until INTEGER,
      created_at      INTEGER NOT NULL,
      revoked_at      INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX api_keys_secret_hash ON api_keys (secret_hash);
    CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);
    CREATE INDEX api_keys_prefix ON api_keys (prefix);
  `,
};
