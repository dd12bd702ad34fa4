/** Tenants and their API keys: list, create (the secret is shown once), revoke. */
import type { AccountStore } from '../../store/port.js';
import type { TENANT_ENDPOINTS } from '../contract/tenants.js';
import { notFound } from '../request.js';
import type { Handlers } from '../router.js';
import { keyJson, list, tenantJson } from '../wire.js';
import { revokeByRef } from './revoke.js';

export function tenantHandlers(accounts: AccountStore): Handlers<typeof TENANT_ENDPOINTS> {
  async function tenantByRef(ref: string) {
    const tenant = (await accounts.getTenant(ref)) ?? (await accounts.findTenantByName(ref));
    if (tenant === null) throw notFound(`No tenant has the id or name ${ref}.`);
    return tenant;
  }

  return {
    listTenants: async () => list((await accounts.listTenants()).map(tenantJson)),
    createTenant: async ({ body }) => tenantJson(await accounts.ensureTenant({ name: body.name, registeredCountry: body.registered_country })),
    listKeys: async ({ query }) => {
      const tenants = new Map((await accounts.listTenants()).map((t) => [t.id, t]));
      const tenantId = query.tenant === undefined ? undefined : (await tenantByRef(query.tenant)).id;
      const keys = await accounts.listKeys(tenantId === undefined ? {} : { tenantId });
      return list(keys.map((k) => keyJson(k, tenants.get(k.tenantId))));
    },
    createKey: async ({ body }) => {
      const tenant = await tenantByRef(body.tenant);
      const { key, secret } = await accounts.createKey(tenant.id);
      return { ...keyJson(key, tenant), secret };
    },
    revokeKey: async ({ params }) => {
      const key = await revokeByRef((ref) => accounts.revokeKey(ref), params.id, 'API key');
      return keyJson(key, (await accounts.getTenant(key.tenantId)) ?? undefined);
    },
  };
}
