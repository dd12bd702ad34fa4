/** Rows of `tenants` and `api_keys` as both backends return them, and the one place where their snake_case columns become domain values. */
import { KEY_STATUSES, type ApiKey, type KeyStatus, type Tenant } from '../../domain/account.js';

/** The columns of a TenantRow, in its order. */
export const TENANT_COLUMNS = 'id, name, registered_country, created_at';
/** The columns of a KeyRow, qualified by the alias `k` that every key query gives `api_keys`. */
export const KEY_COLUMNS = 'k.id, k.tenant_id, k.prefix, k.status, k.suspended_until, k.created_at, k.revoked_at';

export interface TenantRow {
  readonly id: string;
  readonly name: string;
  readonly registered_country: string | null;
  readonly created_at: number;
}

export interface KeyRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly prefix: string;
  readonly status: string;
  readonly suspended_until: number | null;
  readonly created_at: number;
  readonly revoked_at: number | null;
}

/** A key joined with its tenant, as the hot-path lookup returns it. */
export interface KeyWithTenantRow extends KeyRow {
  readonly tenant_name: string;
  readonly tenant_registered_country: string | null;
  readonly tenant_created_at: number;
}

export function toTenant(row: TenantRow): Tenant {
  return { id: row.id, name: row.name, registeredCountry: row.registered_country, createdAt: row.created_at };
}

export function toKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    prefix: row.prefix,
    status: toStatus(row.status),
    suspendedUntil: row.suspended_until,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export function toKeyTenant(row: KeyWithTenantRow): Tenant {
  return {
    id: row.tenant_id,
    name: row.tenant_name,
    registeredCountry: row.tenant_registered_country,
    createdAt: row.tenant_created_at,
  };
}

function toStatus(value: string): KeyStatus {
  const status = KEY_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`unknown key status in the store: ${value}`);
  return status;
}
