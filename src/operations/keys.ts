/** Creating and listing API keys, each with the tenant it belongs to (the views name both). */
import type { ApiKey, Tenant } from '../domain/account.js';
import type { AccountStore } from '../store/port.js';

export interface KeyOfTenant {
  readonly key: ApiKey;
  /** Undefined only if the tenant vanished between the two reads. */
  readonly tenant: Tenant | undefined;
}

/** Every key, or a tenant's; oldest first. */
export async function listKeys(accounts: AccountStore, filter: { readonly tenantId?: string } = {}): Promise<KeyOfTenant[]> {
  const [tenants, keys] = await Promise.all([accounts.listTenants(), accounts.listKeys(filter)]);
  const byId = new Map(tenants.map((t) => [t.id, t]));
  return keys.map((key) => ({ key, tenant: byId.get(key.tenantId) }));
}

/** A new key for the tenant; the secret is in the answer once and never stored. */
export async function createKey(accounts: AccountStore, tenant: Tenant): Promise<{ readonly key: ApiKey; readonly secret: string; readonly tenant: Tenant }> {
  const { key, secret } = await accounts.createKey(tenant.id);
  return { key, secret, tenant };
}

/** Revokes by id or displayed prefix (an ambiguous prefix throws `store_ambiguous_prefix`); null when none matched. */
export async function revokeKey(accounts: AccountStore, ref: string): Promise<KeyOfTenant | null> {
  const key = await accounts.revokeKey(ref);
  if (key === null) return null;
  return { key, tenant: (await accounts.getTenant(key.tenantId)) ?? undefined };
}
