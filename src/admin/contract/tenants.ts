/** Tenants and their API keys: list, create (the secret is shown once), revoke. */
import { z } from 'zod/v4';
import { CreatedKey, Key, listOf, Tenant } from './common.js';
import type { Endpoint } from './endpoint.js';
import { countryCode, optionalQuery, text } from './fields.js';

export const TENANT_ENDPOINTS = {
  listTenants: {
    method: 'GET',
    path: '/admin/tenants',
    role: 'read',
    tag: 'tenants',
    summary: 'List tenants',
    response: listOf(Tenant),
  },
  createTenant: {
    method: 'POST',
    path: '/admin/tenants',
    role: 'admin',
    tag: 'tenants',
    summary: 'Create a tenant (or return the one of that name)',
    body: z.object({ name: text(200), registered_country: countryCode.nullish().transform((c) => c ?? null) }),
    status: 201,
    response: Tenant,
  },
  listKeys: {
    method: 'GET',
    path: '/admin/keys',
    role: 'read',
    tag: 'tenants',
    summary: 'List API keys (never their secrets)',
    query: z.object({ tenant: optionalQuery(z.string()).describe('Only the keys of this tenant (id or name)') }),
    response: listOf(Key),
  },
  createKey: {
    method: 'POST',
    path: '/admin/keys',
    role: 'admin',
    tag: 'tenants',
    summary: 'Create an API key for a tenant; the secret is in this answer only',
    body: z.object({ tenant: text(200).describe('Tenant id or name') }),
    status: 201,
    response: CreatedKey,
  },
  revokeKey: {
    method: 'POST',
    path: '/admin/keys/{id}/revoke',
    role: 'admin',
    tag: 'tenants',
    summary: 'Revoke an API key',
    params: z.object({ id: z.string().describe('Key id (`key_…`) or displayed prefix') }),
    response: Key,
  },
} as const satisfies Record<string, Endpoint>;
