/** Tenants and their API keys: list, create (the secret is shown once), revoke. */
import { createKey, findTenant, listKeys, revokeKey } from '../../operations/index.js';
import type { AccountStore } from '../../store/port.js';
import type { TENANT_ENDPOINTS } from '../contract/tenants.js';
import { notFound } from '../request.js';
import type { Handlers } from '../router.js';
import { keyJson, list, tenantJson } from '../wire.js';
import { revokeByRef } from './revoke.js';

export function tenantHandlers(accounts: AccountStore): Handlers<typeof TENANT_ENDPOINTS> {
  async function tenantByRef(ref: string) {
    const tenant = await findTenant(accounts, ref);
    if (tenant === null) throw notFound(`No tenant has the id or name ${ref}.`);
    return tenant;
  }

  return {
    listTenants: async () => list((await accounts.listTenants()).map(tenantJson)),
    createTenant: async ({ body }) => tenantJson(await accounts.ensureTenant({ name: body.name, registeredCountry: body.registered_country })),
    listKeys: async ({ query }) => {
      const tenantId = query.tenant === undefined ? undefined : (await tenantByRef(query.tenant)).id;
      const keys = await listKeys(accounts, tenantId === undefined ? {} : { tenantId });
      return list(keys.map(({ key, tenant }) => keyJson(key, tenant)));
    },
    createKey: async ({ body }) => {
      const { key, secret, tenant } = await createKey(accounts, await tenantByRef(body.tenant));
      return { ...keyJson(key, tenant), secret };
    },
    revokeKey: async ({ params }) => {
      const { key, tenant } = await revokeByRef((ref) => revokeKey(accounts, ref), params.id, 'API key');
      return keyJson(key, tenant);
    },
  };
}
