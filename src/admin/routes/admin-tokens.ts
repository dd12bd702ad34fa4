/** Admin tokens through the API (admin role only): list, create (the secret is shown once), revoke. */
import type { AdminTokenStore } from '../../store/admin-token-port.js';
import type { ADMIN_TOKEN_ENDPOINTS } from '../contract/admin-tokens.js';
import type { Handlers } from '../router.js';
import { adminTokenJson, list } from '../wire.js';
import { revokeByRef } from './revoke.js';

export function adminTokenHandlers(tokens: AdminTokenStore): Handlers<typeof ADMIN_TOKEN_ENDPOINTS> {
  return {
    getSession: async ({ token }) => adminTokenJson(token),
    listAdminTokens: async () => list((await tokens.list()).map(adminTokenJson)),
    createAdminToken: async ({ body }) => {
      const { token, secret } = await tokens.create(body);
      return { ...adminTokenJson(token), secret };
    },
    revokeAdminToken: async ({ params }) => adminTokenJson(await revokeByRef((ref) => tokens.revoke(ref), params.id, 'admin token')),
  };
}
