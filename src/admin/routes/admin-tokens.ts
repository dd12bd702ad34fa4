/** Admin tokens through the API (admin role only): list, create (the secret is shown once), revoke. */
import { ADMIN_ROLES, isAdminRole, type AdminTokenStore } from '../../store/admin-token-port.js';
import { isStoreError } from '../../store/store-error.js';
import { bodyString, invalid, notFound } from '../request.js';
import type { AdminRoute } from '../router.js';
import { adminTokenJson, list } from '../wire.js';

export function adminTokenRoutes(tokens: AdminTokenStore): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/admin/session',
      role: 'read',
      handle: async (req) => ({ body: adminTokenJson(req.token) }),
    },
    {
      method: 'GET',
      path: '/admin/tokens',
      role: 'admin',
      handle: async () => ({ body: list((await tokens.list()).map(adminTokenJson)) }),
    },
    {
      method: 'POST',
      path: '/admin/tokens',
      role: 'admin',
      async handle(req) {
        const body = await req.body();
        const name = bodyString(body, 'name', { max: 200 });
        const role = body.role;
        if (!isAdminRole(role)) throw invalid('role', `role: expected one of ${ADMIN_ROLES.join(', ')}.`);
        const { token, secret } = await tokens.create({ name, role });
        return { status: 201, body: { ...adminTokenJson(token), secret } };
      },
    },
    {
      method: 'POST',
      path: '/admin/tokens/{id}/revoke',
      role: 'admin',
      async handle(req) {
        let token;
        try {
          token = await tokens.revoke(req.params.id ?? '');
        } catch (err) {
          if (isStoreError(err) && err.code === 'store_ambiguous_prefix') throw invalid('id', err.message);
          throw err;
        }
        if (token === null) throw notFound(`No admin token has the id or prefix ${req.params.id}.`);
        return { body: adminTokenJson(token) };
      },
    },
  ];
}
