/**
 * The admin API's wire forms: snake_case, times as ISO 8601 with milliseconds, never a secret after it
 * was shown once. Keys and admin tokens are the views the CLI prints too (src/operations/views.ts).
 */
import type { ApiKey, Tenant } from '../domain/account.js';
import { adminTokenView, keyView } from '../operations/index.js';
import type { AdminToken } from '../store/admin-token-port.js';

export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function tenantJson(tenant: Tenant) {
  return { id: tenant.id, name: tenant.name, registered_country: tenant.registeredCountry, created_at: isoTime(tenant.createdAt) };
}

/** The key's view (src/operations/views.ts) with the API's times. */
export function keyJson(key: ApiKey, tenant: Tenant | undefined) {
  return keyView(key, tenant, isoTime);
}

export function adminTokenJson(token: AdminToken) {
  return adminTokenView(token, isoTime);
}

/** A list answer: `{ "data": [...] }`, as OpenAI lists are. */
export function list<T, X extends object = Record<never, never>>(data: readonly T[], extra?: X) {
  return { object: 'list' as const, data, ...(extra as X) };
}
