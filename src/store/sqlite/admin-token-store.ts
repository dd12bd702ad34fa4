/**
 * AdminTokenStore on SQLite: one table, looked up by the SHA-256 of the presented secret (unique
 * index). A secret is `ck-admin-` and 24 random bytes in base64url (192 bits), so a fast hash is
 * enough, as for API keys (docs/store.md).
 */
import type Database from 'better-sqlite3';
import type { AdminRole, AdminToken, AdminTokenStore, CreatedAdminToken } from '../admin-token-port.js';
import type { StoreClock } from '../port.js';
import { hashSecret, type RandomBytes } from '../secrets.js';
import { ADMIN_TOKEN_COLUMNS, ambiguousPrefix, newAdminToken, toAdminToken, type AdminTokenRow } from '../shared/admin-tokens.js';

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
      bySecretHash: db.prepare<[string], AdminTokenRow>(`SELECT ${ADMIN_TOKEN_COLUMNS} FROM admin_tokens WHERE secret_hash = ?`),
      byId: db.prepare<[string], AdminTokenRow>(`SELECT ${ADMIN_TOKEN_COLUMNS} FROM admin_tokens WHERE id = ?`),
      byPrefix: db.prepare<[string], AdminTokenRow>(`SELECT ${ADMIN_TOKEN_COLUMNS} FROM admin_tokens WHERE prefix = ? LIMIT 2`),
      all: db.prepare<[], AdminTokenRow>(`SELECT ${ADMIN_TOKEN_COLUMNS} FROM admin_tokens ORDER BY created_at, rowid`),
      touch: db.prepare<[number, string]>('UPDATE admin_tokens SET last_used_at = ? WHERE id = ?'),
      revoke: db.prepare<[number, string]>('UPDATE admin_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?'),
    };
    const revoke = db.transaction((idOrPrefix: string) => this.#revokeNow(idOrPrefix));
    this.#revoke = (idOrPrefix) => revoke.immediate(idOrPrefix);
  }

  async create(input: { readonly name: string; readonly role: AdminRole }): Promise<CreatedAdminToken> {
    const { token, secret, secretHash } = newAdminToken(this.#random, input, this.#clock.now());
    this.#sql.insert.run(token.id, token.name, token.role, secretHash, token.prefix, token.createdAt);
    return { token, secret };
  }

  async authenticate(secret: string): Promise<AdminToken | null> {
    const row = this.#sql.bySecretHash.get(hashSecret(secret));
    if (row === undefined) return null;
    if (row.revoked_at !== null) return toAdminToken(row);
    const now = this.#clock.now();
    this.#sql.touch.run(now, row.id);
    return toAdminToken({ ...row, last_used_at: now });
  }

  async list(): Promise<AdminToken[]> {
    return this.#sql.all.all().map(toAdminToken);
  }

  async revoke(idOrPrefix: string): Promise<AdminToken | null> {
    return this.#revoke(idOrPrefix);
  }

  #revokeNow(idOrPrefix: string): AdminToken | null {
    let row = this.#sql.byId.get(idOrPrefix);
    if (row === undefined) {
      const matches = this.#sql.byPrefix.all(idOrPrefix);
      if (matches.length > 1) throw ambiguousPrefix(idOrPrefix);
      row = matches[0];
    }
    if (row === undefined) return null;
    this.#sql.revoke.run(this.#clock.now(), row.id);
    const updated = this.#sql.byId.get(row.id);
    return updated === undefined ? null : toAdminToken(updated);
  }
}
