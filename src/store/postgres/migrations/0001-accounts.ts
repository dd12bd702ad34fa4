import type { PgMigration } from './migration.js';

/**
 * Tenants and their API keys (as SQLite's 0001). `ord` is an identity column that orders listings
 * made in the same millisecond (SQLite's rowid). A change of a key's status notifies listeners on
 * `cordon_changes` (change-feed.ts), so other instances drop anything they keep about the key.
 */
export const accounts: PgMigration = {
  version: 1,
  name: 'accounts',
  sql: `
    CREATE TABLE tenants (
      id                 TEXT   NOT NULL PRIMARY KEY,
      name               TEXT   NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      registered_country TEXT   CHECK (registered_country IS NULL OR registered_country ~ '^[A-Z]{2}$'),
      created_at         BIGINT NOT NULL,
      ord                BIGINT GENERATED ALWAYS AS IDENTITY
    );
    CREATE UNIQUE INDEX tenants_name ON tenants (name);

    CREATE TABLE api_keys (
      id              TEXT   NOT NULL PRIMARY KEY,
      tenant_id       TEXT   NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
      secret_hash     TEXT   NOT NULL CHECK (length(secret_hash) = 64),
      prefix          TEXT   NOT NULL,
      status          TEXT   NOT NULL DEFAULT 'active'
                             CHECK (status IN ('active', 'warned', 'suspended', 'blocked', 'revoked')),
      suspended_until BIGINT,
      created_at      BIGINT NOT NULL,
      revoked_at      BIGINT,
      ord             BIGINT GENERATED ALWAYS AS IDENTITY
    );
    CREATE UNIQUE INDEX api_keys_secret_hash ON api_keys (secret_hash);
    CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);
    CREATE INDEX api_keys_prefix ON api_keys (prefix);

    CREATE FUNCTION cordon_notify_key() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('cordon_changes', json_build_object('schema', TG_TABLE_SCHEMA, 'topic', 'key', 'id', NEW.id)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER api_keys_notify AFTER UPDATE OF status, suspended_until ON api_keys
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.suspended_until IS DISTINCT FROM NEW.suspended_until)
      EXECUTE FUNCTION cordon_notify_key();
  `,
};
