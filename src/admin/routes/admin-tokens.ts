/** Admin tokens through the API (admin role only): list, create (the secret is shown once), revoke. */
import type { AdminTokenStore } from '../../store/admin-token-port.js';
import { isStoreError } from '../../store/store-error.js';
import type { ADMIN_TOKEN_ENDPOINTS } from '../contract/admin-tokens.js';
import { invalid, notFound } from '../request.js';
import type { Handlers } from '../router.js';
import { adminTokenJson, list } from '../wire.js';

export function adminTokenHandlers(tokens: AdminTokenStore): Handlers<typeof ADMIN_TOKEN_ENDPOINTS> {
  return {
    getSession: async ({ token }) => adminTokenJson(token),
    listAdminTokens: async () => list((await tokens.list()).map(adminTokenJson)),
    createAdminToken: async ({ body }) => {
      const { token, secret } = await tokens.create(body);
      return { ...adminTokenJson(token), secret };
    },
    revokeAdminToken: async ({ params }) => {
      let token;
      try {
        token = await tokens.revoke(params.id);
      } catch (err) {
        if (isStoreError(err) && err.code === 'store_ambiguous_prefix') throw invalid('id', err.message);
        throw err;
      }
      if (token === null) throw notFound(`No admin token has the id or prefix ${params.id}.`);
      return adminTokenJson(token);
    },
  };
}
