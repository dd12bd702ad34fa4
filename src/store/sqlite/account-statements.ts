/**
 * Every statement the account store runs, prepared once when the store opens. Keeping the SQL in one
 * file makes the indexes each query relies on easy to check against the migration.
 */
import type Database from 'better-sqlite3';
import { KEY_COLUMNS, TENANT_COLUMNS, type KeyRow, type KeyWithTenantRow, type TenantRow } from '../shared/account-rows.js';

export interface InsertTenant {
  readonly id: string;
  readonly name: string;
  readonly registered_country: string | null;
  readonly created_at: number;
}

export interface InsertKey {
  readonly id: string;
  readonly tenant_id: string;
  readonly secret_hash: string;
  readonly prefix: string;
  readonly created_at: number;
}

export type AccountStatements = ReturnType<typeof prepareAccountStatements>;

export function prepareAccountStatements(db: Database.Database) {
  return {
    insertTenant: db.prepare<InsertTenant>(
      `INSERT INTO tenants (${TENANT_COLUMNS}) VALUES (@id, @name, @registered_country, @created_at)
       ON CONFLICT (name) DO NOTHING`,
    ),
    tenantById: db.prepare<[string], TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = ?`),
    tenantByName: db.prepare<[string], TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE name = ?`),
    allTenants: db.prepare<[], TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants ORDER BY created_at, rowid`),

    insertKey: db.prepare<InsertKey>(
      `INSERT INTO api_keys (id, tenant_id, secret_hash, prefix, status, created_at)
       VALUES (@id, @tenant_id, @secret_hash, @prefix, 'active', @created_at)`,
    ),
    /** The hot path: one unique-index probe on secret_hash plus a primary-key probe on tenants. */
    keyBySecretHash: db.prepare<[string], KeyWithTenantRow>(
      `SELECT ${KEY_COLUMNS}, t.name AS tenant_name, t.registered_country AS tenant_registered_country,
              t.created_at AS tenant_created_at
       FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
       WHERE k.secret_hash = ?`,
    ),
    keyById: db.prepare<[string], KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.id = ?`),
    /** An index probe on api_keys_prefix; the few rows it finds are sorted. */
    keysByPrefix: db.prepare<[string], KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.prefix = ? ORDER BY k.created_at, k.rowid`),
    allKeys: db.prepare<[], KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k ORDER BY k.created_at, k.rowid`),
    keysByTenant: db.prepare<[string], KeyRow>(
      `SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.tenant_id = ? ORDER BY k.created_at, k.rowid`,
    ),
    revokeKey: db.prepare<[number, string]>(
      `UPDATE api_keys SET status = 'revoked', revoked_at = ?, suspended_until = NULL
       WHERE id = ? AND status <> 'revoked'`,
    ),
  };
}
