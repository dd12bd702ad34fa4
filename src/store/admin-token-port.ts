/**
 * Admin tokens: the bearer secrets operators present to the admin API and dashboard. Like API keys,
 * only the SHA-256 of a secret is stored; the secret is shown once, when the token is created.
 */

/** `read` may look; `admin` may also change things (keys, accounts, policy). */
export const ADMIN_ROLES = ['read', 'admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);
}

export interface AdminToken {
  /** `adm_` + 20 hex characters. */
  readonly id: string;
  /** Who or what holds it (`alice`, `grafana`); shown in listings and recorded as the actor of changes. */
  readonly name: string;
  readonly role: AdminRole;
  /** The first characters of the secret (`ck-admin-AbCd`), safe to show. */
  readonly prefix: string;
  readonly createdAt: number;
  /** Epoch ms of the last request it authenticated; null if never used. */
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

export interface CreatedAdminToken {
  readonly token: AdminToken;
  /** The full secret; shown once, never stored. */
  readonly secret: string;
}

export interface AdminTokenStore {
  create(input: { readonly name: string; readonly role: AdminRole }): Promise<CreatedAdminToken>;
  /**
   * Looks a presented secret up by its hash and records the use. Revoked tokens are returned too (the
   * caller refuses them).
   */
  authenticate(secret: string): Promise<AdminToken | null>;
  list(): Promise<AdminToken[]>;
  /**
   * Revokes by id or displayed prefix; returns the token, or null if none matched. An ambiguous prefix
   * throws `store_ambiguous_prefix`; revoking a revoked token returns it unchanged.
   */
  revoke(idOrPrefix: string): Promise<AdminToken | null>;
}
