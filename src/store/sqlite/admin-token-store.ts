/**
 * AdminTokenStore on SQLite: one table, looked up by the SHA-256 of the presented secret (unique
 * index). A secret is `ck-admin-` and 24 random bytes in base64url (192 bits), so a fast hash is
 * enough, as for API keys (docs/store.md).
 */
import type Database from 'better-sqlite3';
import { isAdminRole, type AdminRole, type AdminToken, type AdminTokenStore, type CreatedAdminToken } from '../admin-token-port.js';
import type { StoreClock } from '../port.js';
import { hashSecret, type RandomBytes } from '../secrets.js';
import { StoreError } from '../store-error.js';

export const ADMIN_SECRET_PREFIX = 'ck-admin-';
const SECRET_BYTES = 24;
/** `ck-admin-` plus four characters. */
const DISPLAY_PREFIX_LENGTH = 13;
const COLUMNS = 'id, name, role, prefix, created_at, last_used_at, revoked_at';

interface TokenRow {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly prefix: string;
  readonly created_at: number;
  readonly last_used_at: number | null;
  readonly revoked_at: number | null;
}

export class SqliteAdminTokenStore implements AdminTokenStore {
  readonly #clock: StoreClock;
  readonly #random: RandomBytes;
  readonly #sql;
  readonly #revoke: (idOrPrefix: string) => AdminToken | null;

  constructor(db: Database.Database, clock: StoreClock, random: RandomBytes) {
    this.#clock = clock;
    this.#random = random;
    this.#sql = {
      insert: db.prepare<[string, string, string, string, string, number]>(
        'INSERT INTO admin_tokens (id, name, role, secret_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      bySecretHash: db.prepare<[string], TokenRow>(`SELECT ${COLUMNS} FROM admin_tokens WHERE secret_hash = ?`),
      byId: db.prepare<[string], TokenRow>(`SELECT ${COLUMNS} FROM admin_tokens WHERE id = ?`),
      byPrefix: db.prepare<[string], TokenRow>(`SELECT ${COLUMNS} FROM admin_tokens WHERE prefix = ? LIMIT 2`),
      all: db.prepare<[], TokenRow>(`SELECT ${COLUMNS} FROM admin_tokens ORDER BY created_at, rowid`),
      touch: db.prepare<[number, string]>('UPDATE admin_tokens SET last_used_at = ? WHERE id = ?'),
      revoke: db.prepare<[number, string]>('UPDATE admin_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?'),
    };
    const revoke = db.transaction((idOrPrefix: string) => this.#revokeNow(idOrPrefix));
    this.#revoke = (idOrPrefix) => revoke.immediate(idOrPrefix);
  }

  async create(input: { readonly name: string; readonly role: AdminRole }): Promise<CreatedAdminToken> {
    const secret = ADMIN_SECRET_PREFIX + take(this.#random, SECRET_BYTES).toString('base64url');
    const id = `adm_${take(this.#random, 10).toString('hex')}`;
    const prefix = secret.slice(0, DISPLAY_PREFIX_LENGTH);
    const createdAt = this.#clock.now();
    this.#sql.insert.run(id, input.name, input.role, hashSecret(secret), prefix, createdAt);
    return { token: { id, name: input.name, role: input.role, prefix, createdAt, lastUsedAt: null, revokedAt: null }, secret };
  }

  async authenticate(secret: string): Promise<AdminToken | null> {
    const row = this.#sql.bySecretHash.get(hashSecret(secret));
    if (row === undefined) return null;
    if (row.revoked_at !== null) return toToken(row);
    const now = this.#clock.now();
    this.#sql.touch.run(now, row.id);
    return toToken({ ...row, last_used_at: now });
  }

  async list(): Promise<AdminToken[]> {
    return this.#sql.all.all().map(toToken);
  }

  async revoke(idOrPrefix: string): Promise<AdminToken | null> {
    return this.#revoke(idOrPrefix);
  }

  #revokeNow(idOrPrefix: string): AdminToken | null {
    let row = this.#sql.byId.get(idOrPrefix);
    if (row === undefined) {
      const matches = this.#sql.byPrefix.all(idOrPrefix);
      if (matches.length > 1) {
        throw new StoreError('store_ambiguous_prefix', `The prefix ${idOrPrefix} matches more than one admin token; revoke by id instead (see "cordon admin-tokens list").`);
      }
      row = matches[0];
    }
    if (row === undefined) return null;
    this.#sql.revoke.run(this.#clock.now(), row.id);
    const updated = this.#sql.byId.get(row.id);
    return updated === undefined ? null : toToken(updated);
  }
}

function toToken(row: TokenRow): AdminToken {
  if (!isAdminRole(row.role)) throw new Error(`admin token ${row.id} has an unknown role "${row.role}"`);
  return { id: row.id, name: row.name, role: row.role, prefix: row.prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

function take(random: RandomBytes, size: number): Buffer {
  const bytes = random(size);
  if (bytes.length !== size) throw new Error(`random source returned ${bytes.length} bytes, expected ${size}`);
  return bytes;
}
