/** Tenants and their API keys: list, create (the secret is shown once), revoke. */
import type { AccountStore } from '../../store/port.js';
import { isStoreError } from '../../store/store-error.js';
import { bodyString, country, invalid, notFound } from '../request.js';
import type { AdminRoute } from '../router.js';
import { keyJson, list, tenantJson } from '../wire.js';

export function tenantRoutes(accounts: AccountStore): AdminRoute[] {
  async function tenantByRef(ref: string) {
    const tenant = (await accounts.getTenant(ref)) ?? (await accounts.findTenantByName(ref));
    if (tenant === null) throw notFound(`No tenant has the id or name ${ref}.`);
    return tenant;
  }

  return [
    {
      method: 'GET',
      path: '/admin/tenants',
      role: 'read',
      handle: async () => ({ body: list((await accounts.listTenants()).map(tenantJson)) }),
    },
    {
      method: 'POST',
      path: '/admin/tenants',
      role: 'admin',
      async handle(req) {
        const body = await req.body();
        const name = bodyString(body, 'name', { max: 200 });
        const cc = bodyString(body, 'registered_country', { optional: true, max: 2 });
        const tenant = await accounts.ensureTenant({ name, registeredCountry: cc === null ? null : country(cc, 'registered_country') });
        return { status: 201, body: tenantJson(tenant) };
      },
    },
    {
      method: 'GET',
      path: '/admin/keys',
      role: 'read',
      async handle(req) {
        const ref = req.query.get('tenant');
        const tenants = new Map((await accounts.listTenants()).map((t) => [t.id, t]));
        const tenantId = ref === null || ref === '' ? undefined : (await tenantByRef(ref)).id;
        const keys = await accounts.listKeys(tenantId === undefined ? {} : { tenantId });
        return { body: list(keys.map((k) => keyJson(k, tenants.get(k.tenantId)))) };
      },
    },
    {
      method: 'POST',
      path: '/admin/keys',
      role: 'admin',
      async handle(req) {
        const tenant = await tenantByRef(bodyString(await req.body(), 'tenant', { max: 200 }));
        const { key, secret } = await accounts.createKey(tenant.id);
        return { status: 201, body: { ...keyJson(key, tenant), secret } };
      },
    },
    {
      method: 'POST',
      path: '/admin/keys/{id}/revoke',
      role: 'admin',
      async handle(req) {
        let key;
        try {
          key = await accounts.revokeKey(req.params.id ?? '');
        } catch (err) {
          if (isStoreError(err) && err.code === 'store_ambiguous_prefix') throw invalid('id', err.message);
          throw err;
        }
        if (key === null) throw notFound(`No API key has the id or prefix ${req.params.id}.`);
        return { body: keyJson(key, (await accounts.getTenant(key.tenantId)) ?? undefined) };
      },
    },
  ];
}
