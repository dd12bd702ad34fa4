/** Tenants and their API keys: list, create (the secret is shown once), revoke. */
import type { AccountStore } from '../../store/port.js';
import { isStoreError } from '../../store/store-error.js';
import type { TENANT_ENDPOINTS } from '../contract/tenants.js';
import { invalid, notFound } from '../request.js';
import type { Handlers } from '../router.js';
import { keyJson, list, tenantJson } from '../wire.js';

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
      let key;
      try {
        key = await accounts.revokeKey(params.id);
      } catch (err) {
        if (isStoreError(err) && err.code === 'store_ambiguous_prefix') throw invalid('id', err.message);
        throw err;
      }
      if (key === null) throw notFound(`No API key has the id or prefix ${params.id}.`);
      return keyJson(key, (await accounts.getTenant(key.tenantId)) ?? undefined);
    },
  };
}
