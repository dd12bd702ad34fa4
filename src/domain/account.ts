/** Tenants, their API keys and the standing of each key. */

export const KEY_STATUSES = ['active', 'warned', 'suspended', 'blocked', 'revoked'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export interface Tenant {
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 of the country the tenant registered in; null when not given. */
  readonly registeredCountry: string | null;
  readonly createdAt: number;
}

export interface ApiKey {
  readonly id: string;
  readonly tenantId: string;
  /** The first characters of the secret, safe to show (`sk-cordon-AbCd…`). */
  readonly prefix: string;
  readonly status: KeyStatus;
  /** Epoch ms; set while `status` is `suspended`. */
  readonly suspendedUntil: number | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** The account facts policy rules may match on. */
export interface AccountFacts {
  readonly keyId: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly registeredCountry: string | null;
}
