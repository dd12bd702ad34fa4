/** Turns the caller's `Authorization: Bearer …` header into an account, or an OpenAI-shaped refusal. */
import type { AccountFacts } from '../domain/account.js';
import { CordonError } from '../errors/index.js';
import type { AccountStore, AuthenticatedKey } from '../store/port.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export async function authenticate(store: AccountStore, authorization: string | undefined, now: number): Promise<AuthenticatedKey> {
  const match = authorization ? BEARER.exec(authorization) : null;
  if (!match?.[1]) throw new CordonError('account_missing_key');
  const found = await findKey(store, match[1]);
  if (!found) throw new CordonError('account_invalid_key');
  const { key } = found;
  switch (key.status) {
    case 'revoked':
      throw new CordonError('account_revoked_key');
    case 'blocked':
      throw new CordonError('account_blocked');
    case 'suspended':
      // A suspension with no end, or one still running, refuses; an ended one lets the key through.
      if (key.suspendedUntil === null || key.suspendedUntil > now) {
        throw new CordonError('account_suspended', { until: key.suspendedUntil === null ? 'further notice' : new Date(key.suspendedUntil).toISOString() });
      }
      return found;
    case 'active':
    case 'warned':
      return found;
  }
}

/** A store that does not answer refuses the request (503): no key is taken on trust (docs/scale-out.md). */
async function findKey(store: AccountStore, secret: string): Promise<AuthenticatedKey | null> {
  try {
    return await store.findKeyBySecret(secret);
  } catch (cause) {
    throw new CordonError('gateway_store_unavailable', {}, { cause });
  }
}

export function accountFacts(auth: AuthenticatedKey): AccountFacts {
  return { keyId: auth.key.id, tenantId: auth.tenant.id, tenantName: auth.tenant.name, registeredCountry: auth.tenant.registeredCountry };
}
