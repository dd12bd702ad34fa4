/** Admin authentication: `Authorization: Bearer ck-admin-…`, looked up by hash; roles checked per route. */
import { CordonError } from '../errors/index.js';
import type { AdminRole, AdminToken, AdminTokenStore } from '../store/admin-token-port.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export async function authenticateAdmin(tokens: AdminTokenStore, authorization: string | undefined): Promise<AdminToken> {
  const secret = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (secret === undefined) {
    throw new CordonError('caller_admin_unauthorized', { detail: 'Send an admin token as "Authorization: Bearer ck-admin-…" (create one with "cordon admin-tokens create").' });
  }
  const token = await tokens.authenticate(secret);
  if (token === null) throw new CordonError('caller_admin_unauthorized', { detail: 'Incorrect admin token.' });
  if (token.revokedAt !== null) throw new CordonError('caller_admin_unauthorized', { detail: 'This admin token has been revoked.' });
  return token;
}

/** `admin` may do everything `read` may. */
export function mayUse(held: AdminRole, needed: AdminRole): boolean {
  return held === 'admin' || needed === 'read';
}
