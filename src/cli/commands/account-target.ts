/**
 * Finds what `cordon accounts` acts on: a key (by id, displayed prefix or its own secret) or a tenant
 * (by name or id).
 */
import type { ApiKey, Tenant } from '../../domain/account.js';
import type { AccountStore } from '../../store/port.js';
import { SECRET_PREFIX } from '../../store/secrets.js';
import { CommandError } from '../output.js';

export type AccountTarget = { readonly kind: 'key'; readonly key: ApiKey; readonly tenant: Tenant } | { readonly kind: 'tenant'; readonly tenant: Tenant };

export async function findKey(accounts: AccountStore, idOrPrefix: string): Promise<{ key: ApiKey; tenant: Tenant } | null> {
  const text = idOrPrefix.trim();
  let key = await accounts.getKey(text);
  // The secret itself, as a script that created the key holds it (`KEY=$(cordon keys create …)`).
  if (key === null && text.startsWith(SECRET_PREFIX)) key = (await accounts.findKeyBySecret(text))?.key ?? null;
  if (key === null) {
    const matches = (await accounts.listKeys()).filter((k) => k.prefix === text);
    if (matches.length > 1) throw new CommandError(`The prefix ${text} matches more than one key; use the key id (see "cordon keys list").`);
    key = matches[0] ?? null;
  }
  if (key === null) return null;
  const tenant = await accounts.getTenant(key.tenantId);
  if (tenant === null) throw new Error(`key ${key.id} has no tenant ${key.tenantId}`);
  return { key, tenant };
}

export async function requireKey(accounts: AccountStore, idOrPrefix: string): Promise<{ key: ApiKey; tenant: Tenant }> {
  const found = await findKey(accounts, idOrPrefix);
  if (found === null) throw new CommandError(`No key has the id or prefix ${idOrPrefix}; see "cordon keys list".`);
  return found;
}

export async function findTarget(accounts: AccountStore, text: string): Promise<AccountTarget> {
  const found = await findKey(accounts, text);
  if (found !== null) return { kind: 'key', ...found };
  const tenant = (await accounts.findTenantByName(text)) ?? (await accounts.getTenant(text));
  if (tenant !== null) return { kind: 'tenant', tenant };
  throw new CommandError(`No key or tenant is named ${text}; give a key id (key_…), a displayed prefix (sk-cordon-…) or a tenant name.`);
}
