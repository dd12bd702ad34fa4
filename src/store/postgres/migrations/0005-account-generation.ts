import type { PgMigration } from './migration.js';

/**
 * As SQLite's 0005: a counter that moves whenever a key or tenant row changes. SQLite's account store
 * reads it per lookup to keep its key cache exact; here it is kept so both schemas stay in step and a
 * cache can be validated the same way (today PostgreSQL lookups go to the server; changes also reach
 * other instances through LISTEN/NOTIFY).
 */
export const accountGeneration: PgMigration = {
  version: 5,
  name: 'account_generation',
  sql: `
    CREATE TABLE account_generation (
      id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
      n  BIGINT  NOT NULL
    );
    INSERT INTO account_generation (id, n) VALUES (1, 0);
    CREATE FUNCTION cordon_account_generation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      EXECUTE format('UPDATE %I.account_generation SET n = n + 1 WHERE id = 1', TG_TABLE_SCHEMA);
      RETURN NULL;
    END $$;
    CREATE TRIGGER api_keys_generation AFTER UPDATE OR DELETE ON api_keys
      FOR EACH STATEMENT EXECUTE FUNCTION cordon_account_generation();
    CREATE TRIGGER tenants_generation AFTER UPDATE OR DELETE ON tenants
      FOR EACH STATEMENT EXECUTE FUNCTION cordon_account_generation();
  `,
};
