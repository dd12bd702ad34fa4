/**
 * AccountStore on PostgreSQL. The hot-path lookup is a named (prepared) statement: one unique-index
 * probe on secret_hash joined to tenants by primary key. Writes that read first (ensureTenant,
 * revokeKey) run in one transaction; the key row is locked (`FOR UPDATE`) before it changes.
 */
import type { ApiKey, Tenant } from '../../domain/account.js';
import type { AccountStore, AuthenticatedKey, CreatedKey, NewTenant, StoreClock } from '../port.js';
import { KEY_COLUMNS, TENANT_COLUMNS, toKey, toKeyTenant, toTenant, type KeyRow, type KeyWithTenantRow, type TenantRow } from '../shared/account-rows.js';
import { displayPrefix, hashSecret, newId, newSecret, type RandomBytes } from '../secrets.js';
import type { KeyCache } from '../shared/key-cache.js';
import { StoreError } from '../store-error.js';
import { sqlState, type Db, type Queryable } from './connection.js';

const FOREIGN_KEY_VIOLATION = '23503';

const KEY_BY_SECRET = {
  name: 'cordon_key_by_secret',
  text: `SELECT ${KEY_COLUMNS}, t.name AS tenant_name, t.registered_country AS tenant_registered_country, t.created_at AS tenant_created_at
         FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.secret_hash = $1`,
};

/**
 * Where found keys may be kept: the cache and whether it can be trusted right now — only while the
 * change feed is connected, since another instance's change reaches this one through it.
 */
export interface PgKeyCaching {
  readonly cache: KeyCache;
  readonly trusted: () => boolean;
}

export class PgAccountStore implements AccountStore {
  constructor(
    private readonly db: Db,
    private readonly clock: StoreClock,
    private readonly random: RandomBytes,
    private readonly keys: PgKeyCaching | null = null,
  ) {}

  async ensureTenant(input: NewTenant): Promise<Tenant> {
    // ON CONFLICT DO NOTHING then a read: a concurrent creator's row is found, never duplicated.
    await this.db.query(`INSERT INTO tenants (${TENANT_COLUMNS}) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING`, [
      newId('ten', this.random),
      input.name,
      input.registeredCountry,
      this.clock.now(),
    ]);
    const found = await this.findTenantByName(input.name);
    if (found === null) throw new Error(`tenant ${input.name} vanished while being created`);
    return found;
  }

  async getTenant(id: string): Promise<Tenant | null> {
    const [row] = await this.db.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = $1`, [id]);
    return row === undefined ? null : toTenant(row);
  }

  async findTenantByName(name: string): Promise<Tenant | null> {
    const [row] = await this.db.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE name = $1`, [name]);
    return row === undefined ? null : toTenant(row);
  }

  async listTenants(): Promise<Tenant[]> {
    const rows = await this.db.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants ORDER BY created_at, ord`);
    return rows.map(toTenant);
  }

  async createKey(tenantId: string): Promise<CreatedKey> {
    const secret = newSecret(this.random);
    const key: ApiKey = {
      id: newId('key', this.random),
      tenantId,
      prefix: displayPrefix(secret),
      status: 'active',
      suspendedUntil: null,
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    try {
      await this.db.query(
        "INSERT INTO api_keys (id, tenant_id, secret_hash, prefix, status, created_at) VALUES ($1, $2, $3, $4, 'active', $5)",
        [key.id, tenantId, hashSecret(secret), key.prefix, key.createdAt],
      );
    } catch (cause) {
      if (sqlState(cause) !== FOREIGN_KEY_VIOLATION) throw cause;
      throw new StoreError('store_unknown_tenant', `No tenant has the id ${tenantId}.`, { cause });
    }
    return { key, secret };
  }

  /**
   * The request path's lookup. With caching, a found key is kept by its secret until a key change
   * arrives (this instance's own writes clear the cache at once, other instances' through the change
   * feed); while the feed is down every lookup goes to the server.
   */
  async findKeyBySecret(secret: string): Promise<AuthenticatedKey | null> {
    const caching = this.keys !== null && this.keys.trusted();
    if (caching) {
      const cached = this.keys?.cache.get(secret);
      if (cached !== undefined) return cached;
    }
    const generation = this.keys?.cache.generation ?? 0;
    const [row] = await this.db.query<KeyWithTenantRow>({ ...KEY_BY_SECRET, values: [hashSecret(secret)] });
    if (row === undefined) return null;
    const found = { key: toKey(row), tenant: toKeyTenant(row) };
    if (caching) this.keys?.cache.set(secret, found, generation);
    return found;
  }

  async getKey(id: string): Promise<ApiKey | null> {
    const row = await keyById(this.db, id);
    return row === undefined ? null : toKey(row);
  }

  async listKeys(filter: { readonly tenantId?: string } = {}): Promise<ApiKey[]> {
    const rows =
      filter.tenantId === undefined
        ? await this.db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k ORDER BY k.created_at, k.ord`)
        : await this.db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.tenant_id = $1 ORDER BY k.created_at, k.ord`, [filter.tenantId]);
    return rows.map(toKey);
  }

  async findKeysByPrefix(prefix: string): Promise<ApiKey[]> {
    // api_keys_prefix serves the probe; the few rows it finds are sorted.
    const rows = await this.db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.prefix = $1 ORDER BY k.created_at, k.ord`, [prefix]);
    return rows.map(toKey);
  }

  async revokeKey(idOrPrefix: string): Promise<ApiKey | null> {
    try {
      return await this.#revoke(idOrPrefix);
    } finally {
      this.keys?.cache.clear();
    }
  }

  async #revoke(idOrPrefix: string): Promise<ApiKey | null> {
    return this.db.transaction(async (tx) => {
      const id = await resolveKeyId(tx, idOrPrefix);
      if (id === null) return null;
      await tx.query("UPDATE api_keys SET status = 'revoked', revoked_at = $1, suspended_until = NULL WHERE id = $2 AND status <> 'revoked'", [this.clock.now(), id]);
      const row = await keyById(tx, id);
      return row === undefined ? null : toKey(row);
    });
  }
}

async function keyById(db: Queryable, id: string, lock = false): Promise<(KeyRow) | undefined> {
  const [row] = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

/** An exact id wins; otherwise the displayed prefix, which must name exactly one key. Locks the row. */
async function resolveKeyId(tx: Queryable, idOrPrefix: string): Promise<string | null> {
  if ((await keyById(tx, idOrPrefix, true)) !== undefined) return idOrPrefix;
  const matches = await tx.query<{ id: string }>('SELECT id FROM api_keys WHERE prefix = $1 LIMIT 2 FOR UPDATE', [idOrPrefix]);
  const [first] = matches;
  if (first === undefined) return null;
  if (matches.length > 1) {
    throw new StoreError('store_ambiguous_prefix', `The prefix ${idOrPrefix} matches more than one key; revoke by key id instead (see "cordon keys list").`);
  }
  return first.id;
}
