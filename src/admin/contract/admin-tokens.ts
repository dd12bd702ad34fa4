/** Who is calling, and admin tokens (admin role only): list, create (the secret is shown once), revoke. */
import { z } from 'zod/v4';
import { ADMIN_ROLES } from '../../store/admin-token-port.js';
import { AdminToken, CreatedAdminToken, listOf } from './common.js';
import type { Endpoint } from './endpoint.js';
import { oneOf, text } from './fields.js';

export const ADMIN_TOKEN_ENDPOINTS = {
  getSession: {
    method: 'GET',
    path: '/admin/session',
    role: 'read',
    tag: 'session',
    summary: 'The calling token: name and role (the dashboard signs in with it)',
    response: AdminToken,
  },
  listAdminTokens: {
    method: 'GET',
    path: '/admin/tokens',
    role: 'admin',
    tag: 'session',
    summary: 'List admin tokens (never their secrets)',
    response: listOf(AdminToken),
  },
  createAdminToken: {
    method: 'POST',
    path: '/admin/tokens',
    role: 'admin',
    tag: 'session',
    summary: 'Create an admin token; the secret is in this answer only',
    body: z.object({ name: text(200), role: oneOf(ADMIN_ROLES) }),
    status: 201,
    response: CreatedAdminToken,
  },
  revokeAdminToken: {
    method: 'POST',
    path: '/admin/tokens/{id}/revoke',
    role: 'admin',
    tag: 'session',
    summary: 'Revoke an admin token',
    params: z.object({ id: z.string().describe('Token id (`adm_…`) or displayed prefix') }),
    response: AdminToken,
  },
} as const satisfies Record<string, Endpoint>;
