/**
 * Finds what `cordon accounts` acts on: a key (by id, displayed prefix or its own secret) or a tenant
 * (by name or id), with the CLI's words for a miss.
 */
import type { ApiKey, Tenant } from '../../domain/account.js';
import { findKey, findTenant, type KeyLookup } from '../../operations/index.js';
import type { AccountStore } from '../../store/port.js';
import { CommandError } from '../output.js';

export type AccountTarget = { readonly kind: 'key'; readonly key: ApiKey; readonly tenant: Tenant } | { readonly kind: 'tenant'; readonly tenant: Tenant };

/** The key named, or null; an ambiguous prefix is an error. */
async function keyNamed(accounts: AccountStore, text: string): Promise<{ key: ApiKey; tenant: Tenant } | null> {
  const found = await findKey(accounts, text.trim(), { bySecret: true });
  if (found.kind === 'found') return found;
  if (found.kind === 'ambiguous') throw ambiguous(text.trim());
  return null;
}

/** The CLI's error for a key that was not found or not named by one prefix. */
export function keyLookupError(miss: Exclude<KeyLookup, { kind: 'found' }>, text: string): CommandError {
  return miss.kind === 'ambiguous' ? ambiguous(text.trim()) : new CommandError(`No key has the id or prefix ${text}; see "cordon keys list".`);
}

function ambiguous(prefix: string): CommandError {
  return new CommandError(`The prefix ${prefix} matches more than one key; use the key id (see "cordon keys list").`);
}

export async function findTarget(accounts: AccountStore, text: string): Promise<AccountTarget> {
  const found = await keyNamed(accounts, text);
  if (found !== null) return { kind: 'key', ...found };
  const tenant = await findTenant(accounts, text);
  if (tenant !== null) return { kind: 'tenant', tenant };
  throw new CommandError(`No key or tenant is named ${text}; give a key id (key_…), a displayed prefix (sk-cordon-…) or a tenant name.`);
}
