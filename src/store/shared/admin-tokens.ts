/**
 * Admin tokens apart from their SQL, the same in both backends: a new token's secret, id and displayed
 * prefix, the row as read back and its domain form, and the refusal of an ambiguous prefix. A secret
 * is `ck-admin-` and 24 random bytes in base64url (192 bits); only its SHA-256 is stored.
 */
import { isAdminRole, type AdminRole, type AdminToken } from '../admin-token-port.js';
import { hashSecret, takeBytes, type RandomBytes } from '../secrets.js';
import { StoreError } from '../store-error.js';

/** The columns of an AdminTokenRow (never the secret's hash). */
export const ADMIN_TOKEN_COLUMNS = 'id, name, role, prefix, created_at, last_used_at, revoked_at';

export const ADMIN_SECRET_PREFIX = 'ck-admin-';
const SECRET_BYTES = 24;
const ID_BYTES = 10;
/** `ck-admin-` plus four characters. */
const DISPLAY_PREFIX_LENGTH = 13;

export interface AdminTokenRow {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly prefix: string;
  readonly created_at: number;
  readonly last_used_at: number | null;
  readonly revoked_at: number | null;
}

export interface NewAdminToken {
  readonly token: AdminToken;
  /** The full secret; shown once, never stored. */
  readonly secret: string;
  /** What is stored in its place. */
  readonly secretHash: string;
}

/** A new token (not yet stored): the secret is drawn first, then the id. */
export function newAdminToken(random: RandomBytes, input: { readonly name: string; readonly role: AdminRole }, createdAt: number): NewAdminToken {
  const secret = ADMIN_SECRET_PREFIX + takeBytes(random, SECRET_BYTES).toString('base64url');
  const id = `adm_${takeBytes(random, ID_BYTES).toString('hex')}`;
  const prefix = secret.slice(0, DISPLAY_PREFIX_LENGTH);
  return { token: { id, name: input.name, role: input.role, prefix, createdAt, lastUsedAt: null, revokedAt: null }, secret, secretHash: hashSecret(secret) };
}

export function toAdminToken(row: AdminTokenRow): AdminToken {
  if (!isAdminRole(row.role)) throw new Error(`admin token ${row.id} has an unknown role "${row.role}"`);
  return { id: row.id, name: row.name, role: row.role, prefix: row.prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

export function ambiguousPrefix(idOrPrefix: string): StoreError {
  return new StoreError('store_ambiguous_prefix', `The prefix ${idOrPrefix} matches more than one admin token; revoke by id instead (see "cordon admin-tokens list").`);
}
