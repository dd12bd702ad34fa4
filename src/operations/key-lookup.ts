/**
 * Finding the key an operator names: by its id (`key_…`), its displayed prefix (`sk-cordon-…`, one
 * index probe) or, where the caller allows it, the secret itself. The answer says what was found; each
 * edge words a miss or an ambiguous prefix in its own protocol.
 */
import type { ApiKey, Tenant } from '../domain/account.js';
import type { AccountStore } from '../store/port.js';
import { SECRET_PREFIX } from '../store/secrets.js';

export type KeyLookup =
  | { readonly kind: 'found'; readonly key: ApiKey; readonly tenant: Tenant }
  | { readonly kind: 'none' }
  /** The displayed prefix names more than one key: the id must be used. */
  | { readonly kind: 'ambiguous' };

export interface KeyLookupOptions {
  /** Also accept the secret, as a script that created the key holds it (`KEY=$(cordon keys create …)`). */
  readonly bySecret?: boolean;
}

export async function findKey(accounts: AccountStore, ref: string, options: KeyLookupOptions = {}): Promise<KeyLookup> {
  let key = await accounts.getKey(ref);
  if (key === null && options.bySecret === true && ref.startsWith(SECRET_PREFIX)) key = (await accounts.findKeyBySecret(ref))?.key ?? null;
  if (key === null) {
    const matches = await accounts.findKeysByPrefix(ref);
    if (matches.length > 1) return { kind: 'ambiguous' };
    key = matches[0] ?? null;
  }
  if (key === null) return { kind: 'none' };
  const tenant = await accounts.getTenant(key.tenantId);
  // The store's foreign key makes this impossible; say so rather than report "no such key".
  if (tenant === null) throw new Error(`key ${key.id} has no tenant ${key.tenantId}`);
  return { kind: 'found', key, tenant };
}

/** A tenant by its id or its name. */
export async function findTenant(accounts: AccountStore, ref: string): Promise<Tenant | null> {
  return (await accounts.getTenant(ref)) ?? (await accounts.findTenantByName(ref));
}
