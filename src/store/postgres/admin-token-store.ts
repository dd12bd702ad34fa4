/** AdminTokenStore on PostgreSQL: one table, looked up by the SHA-256 of the presented secret. */
import type { AdminRole, AdminToken, AdminTokenStore, CreatedAdminToken } from '../admin-token-port.js';
import type { StoreClock } from '../port.js';
import { hashSecret, type RandomBytes } from '../secrets.js';
import { ADMIN_TOKEN_COLUMNS, ambiguousPrefix, newAdminToken, toAdminToken, type AdminTokenRow } from '../shared/admin-tokens.js';
import type { Db } from './connection.js';

export class PgAdminTokenStore implements AdminTokenStore {
  constructor(
    private readonly db: Db,
    private readonly clock: StoreClock,
    private readonly random: RandomBytes,
  ) {}

  async create(input: { readonly name: string; readonly role: AdminRole }): Promise<CreatedAdminToken> {
    const { token, secret, secretHash } = newAdminToken(this.random, input, this.clock.now());
    await this.db.query('INSERT INTO admin_tokens (id, name, role, secret_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      token.id, token.name, token.role, secretHash, token.prefix, token.createdAt,
    ]);
    return { token, secret };
  }

  async authenticate(secret: string): Promise<AdminToken | null> {
    // One statement: records the use of a live token and returns it; a revoked one is read as is.
    const [row] = await this.db.query<AdminTokenRow>(
      `WITH found AS (SELECT ${ADMIN_TOKEN_COLUMNS} FROM admin_tokens WHERE secret_hash = $1),
            touched AS (UPDATE admin_tokens a SET last_used_at = $2 FROM found WHERE a.id = found.id AND found.revoked_at IS NULL RETURNING a.id)
       SELECT f.id, f.name, f.role, f.prefix, f.created_at,
              CASE WHEN t.id IS NULL THEN f.last_used_at ELSE $2::int8 END AS last_used_at, f.revoked_at
       FROM found f LEFT JOIN touched t ON t.id = f.id`,
      [hashSecret(secret), this.clock.now()],
    );
    return row === undefined ? null : toAdminToken(row);
  }

  async list(): Promise<AdminToken[]> {
    return (await this.db.query<AdminTokenRow>(`SELECT ${ADMIN_TOKEN_COLUMNS} FROM admin_tokens ORDER BY created_at, ord`)).map(toAdminToken);
  }

  async revoke(idOrPrefix: string): Promise<AdminToken | null> {
    return this.db.transaction(async (tx) => {
      let [row] = await tx.query<AdminTokenRow>(`SELECT ${ADMIN_TOKEN_COLUMNS} FROM admin_tokens WHERE id = $1 FOR UPDATE`, [idOrPrefix]);
      if (row === undefined) {
        const matches = await tx.query<AdminTokenRow>(`SELECT ${ADMIN_TOKEN_COLUMNS} FROM admin_tokens WHERE prefix = $1 LIMIT 2 FOR UPDATE`, [idOrPrefix]);
        if (matches.length > 1) throw ambiguousPrefix(idOrPrefix);
        row = matches[0];
      }
      if (row === undefined) return null;
      const [updated] = await tx.query<AdminTokenRow>(`UPDATE admin_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING ${ADMIN_TOKEN_COLUMNS}`, [this.clock.now(), row.id]);
      return updated === undefined ? null : toAdminToken(updated);
    });
  }
}
