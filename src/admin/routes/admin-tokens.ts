/** Admin tokens through the API (admin role only): list, create (the secret is shown once), revoke. */
import type { AdminTokenStore } from '../../store/admin-token-port.js';
import { isStoreError } from '../../store/store-error.js';
import { SESSION_ENDPOINTS as E } from '../contract/session.js';
import { invalid, notFound } from '../request.js';
import { route, type AdminRoute } from '../router.js';
import { adminTokenJson, list } from '../wire.js';

export function adminTokenRoutes(tokens: AdminTokenStore): AdminRoute[] {
  return [
    route(E.getSession, async ({ token }) => adminTokenJson(token)),
    route(E.listAdminTokens, async () => list((await tokens.list()).map(adminTokenJson))),
    route(E.createAdminToken, async ({ body }) => {
      const { token, secret } = await tokens.create(body);
      return { ...adminTokenJson(token), secret };
    }),
    route(E.revokeAdminToken, async ({ params }) => {
      let token;
      try {
        token = await tokens.revoke(params.id);
      } catch (err) {
        if (isStoreError(err) && err.code === 'store_ambiguous_prefix') throw invalid('id', err.message);
        throw err;
      }
      if (token === null) throw notFound(`No admin token has the id or prefix ${params.id}.`);
      return adminTokenJson(token);
    }),
  ];
}
