import type { Migration } from './migration.js';

/**
 * A counter that moves whenever a key or tenant row changes, from any connection or process (the
 * CLI revoking a key while the gateway runs, enforcement suspending one). The account store caches
 * keys by secret and reads this one-row table per lookup: a changed number empties the cache.
 */
export const accountGeneration: Migration = {
  version: 5,
  name: 'account_generation',
  sql: `
    CREATE TABLE account_generation (
      id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
      n  INTEGER NOT NULL
    ) STRICT;
    INSERT INTO account_generation (id, n) VALUES (1, 0);
    CREATE TRIGGER api_keys_generation_update AFTER UPDATE ON api_keys BEGIN UPDATE account_generation SET n = n + 1; END;
    CREATE TRIGGER api_keys_generation_delete AFTER DELETE ON api_keys BEGIN UPDATE account_generation SET n = n + 1; END;
    CREATE TRIGGER tenants_generation_update AFTER UPDATE ON tenants BEGIN UPDATE account_generation SET n = n + 1; END;
    CREATE TRIGGER tenants_generation_delete AFTER DELETE ON tenants BEGIN UPDATE account_generation SET n = n + 1; END;
  `,
};
