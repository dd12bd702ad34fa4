/** AdminTokenStore on PostgreSQL: one table, looked up by the SHA-256 of the presented secret. */
import { isAdminRole, type AdminRole, type AdminToken, type AdminTokenStore, type CreatedAdminToken } from '../admin-token-port.js';
import type { StoreClock } from '../port.js';
import { hashSecret, type RandomBytes } from '../secrets.js';
import { ADMIN_SECRET_PREFIX } from '../sqlite/admin-token-store.js';
import { StoreError } from '../store-error.js';
import type { Db } from './connection.js';

const SECRET_BYTES = 24;
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

export class PgAdminTokenStore implements AdminTokenStore {
  constructor(
    private readonly db: Db,
    private readonly clock: StoreClock,
    private readonly random: RandomBytes,
  ) {}

  async create(input: { readonly name: string; readonly role: AdminRole }): Promise<CreatedAdminToken> {
    const secret = ADMIN_SECRET_PREFIX + take(this.random, SECRET_BYTES).toString('base64url');
    const id = `adm_${take(this.random, 10).toString('hex')}`;
    const prefix = secret.slice(0, DISPLAY_PREFIX_LENGTH);
    const createdAt = this.clock.now();
    await this.db.query('INSERT INTO admin_tokens (id, name, role, secret_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      id, input.name, input.role, hashSecret(secret), prefix, createdAt,
    ]);
    return { token: { id, name: input.name, role: input.role, prefix, createdAt, lastUsedAt: null, revokedAt: null }, secret };
  }

  async authenticate(secret: string): Promise<AdminToken | null> {
    // One statement: records the use of a live token and returns it; a revoked one is read as is.
    const [row] = await this.db.query<TokenRow>(
      `WITH found AS (SELECT ${COLUMNS} FROM admin_tokens WHERE secret_hash = $1),
            touched AS (UPDATE admin_tokens a SET last_used_at = $2 FROM found WHERE a.id = found.id AND found.revoked_at IS NULL RETURNING a.id)
       SELECT f.id, f.name, f.role, f.prefix, f.created_at,
              CASE WHEN t.id IS NULL THEN f.last_used_at ELSE $2::int8 END AS last_used_at, f.revoked_at
       FROM found f LEFT JOIN touched t ON t.id = f.id`,
      [hashSecret(secret), this.clock.now()],
    );
    return row === undefined ? null : toToken(row);
  }

  async list(): Promise<AdminToken[]> {
    return (await this.db.query<TokenRow>(`SELECT ${COLUMNS} FROM admin_tokens ORDER BY created_at, ord`)).map(toToken);
  }

  async revoke(idOrPrefix: string): Promise<AdminToken | null> {
    return this.db.transaction(async (tx) => {
      let [row] = await tx.query<TokenRow>(`SELECT ${COLUMNS} FROM admin_tokens WHERE id = $1 FOR UPDATE`, [idOrPrefix]);
      if (row === undefined) {
        const matches = await tx.query<TokenRow>(`SELECT ${COLUMNS} FROM admin_tokens WHERE prefix = $1 LIMIT 2 FOR UPDATE`, [idOrPrefix]);
        if (matches.length > 1) {
          throw new StoreError('store_ambiguous_prefix', `The prefix ${idOrPrefix} matches more than one admin token; revoke by id instead (see "cordon admin-tokens list").`);
        }
        row = matches[0];
      }
      if (row === undefined) return null;
      const [updated] = await tx.query<TokenRow>(`UPDATE admin_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING ${COLUMNS}`, [this.clock.now(), row.id]);
      return updated === undefined ? null : toToken(updated);
    });
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
