/**
 * The caller's `Authorization: Bearer …` header (or Anthropic's `x-api-key`): which key it names
 * (`identifyKey`), whatever its standing. Whether that key may be used now is a second step
 * (`standingRefusal`, src/enforcement/standing.ts), so a refusal of a known key's standing is made
 * once its request's facts are known and can be recorded (src/gateway/refusal.ts).
 */
import type { AccountFacts } from '../domain/account.js';
import type { IncomingHttpHeaders } from 'node:http';
import { CordonError } from '../errors/index.js';
import { firstHeaderValue } from './headers.js';
import type { AccountStore, AuthenticatedKey } from '../store/port.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key and tenant the header names, whatever its standing; throws when it names none. */
export async function identifyKey(store: AccountStore, headers: IncomingHttpHeaders): Promise<AuthenticatedKey> {
  const authorization = firstHeaderValue(headers, 'authorization');
  const secret = (authorization ? BEARER.exec(authorization)?.[1] : undefined) ?? firstHeaderValue(headers, 'x-api-key')?.trim();
  if (!secret) throw new CordonError('account_missing_key');
  const found = await findKey(store, secret);
  if (!found) throw new CordonError('account_invalid_key');
  return found;
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
