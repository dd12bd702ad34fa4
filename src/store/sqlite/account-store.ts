/**
 * AccountStore on SQLite. better-sqlite3 is synchronous, so each method does its work at once and
 * returns a settled promise; writes that read first run in IMMEDIATE transactions, which take the
 * write lock up front and so wait on busy_timeout instead of failing on a stale read snapshot.
 */
import type Database from 'better-sqlite3';
import type { ApiKey, Tenant } from '../../domain/account.js';
import type { AccountStore, AuthenticatedKey, CreatedKey, NewTenant, StoreClock } from '../port.js';
import { displayPrefix, hashSecret, newId, newSecret, type RandomBytes } from '../secrets.js';
import { KeyCache } from '../shared/key-cache.js';
import { StoreError } from '../store-error.js';
import { errorCode } from './error-code.js';
import { toKey, toKeyTenant, toTenant } from '../shared/account-rows.js';
import { prepareAccountStatements, type AccountStatements } from './account-statements.js';

export class SqliteAccountStore implements AccountStore {
  readonly #sql: AccountStatements;
  readonly #generation: () => number;
  /** Found keys by presented secret, valid while the account generation (migration 0005) stands still. */
  readonly #keys = new KeyCache();
  #keysGeneration = -1;
  /** The generation read in this turn of the event loop, shared by the lookups of the turn (null: none yet). */
  #turnGeneration: number | null = null;
  readonly #endTurn = (): void => {
    this.#turnGeneration = null;
  };
  readonly #clock: StoreClock;
  readonly #random: RandomBytes;
  readonly #ensureTenant: (input: NewTenant) => Tenant;
  readonly #revokeKey: (idOrPrefix: string) => ApiKey | null;

  constructor(db: Database.Database, clock: StoreClock, random: RandomBytes) {
    this.#sql = prepareAccountStatements(db);
    const generation = db.prepare<[], number>('SELECT n FROM account_generation WHERE id = 1').pluck();
    this.#generation = () => generation.get() ?? -1;
    this.#clock = clock;
    this.#random = random;
    const ensure = db.transaction((input: NewTenant) => this.#ensureTenantNow(input));
    const revoke = db.transaction((idOrPrefix: string) => this.#revokeKeyNow(idOrPrefix));
    this.#ensureTenant = (input) => ensure.immediate(input);
    this.#revokeKey = (idOrPrefix) => revoke.immediate(idOrPrefix);
  }

  async ensureTenant(input: NewTenant): Promise<Tenant> {
    try {
      return this.#ensureTenant(input);
    } finally {
      this.keysChanged();
    }
  }

  async getTenant(id: string): Promise<Tenant | null> {
    const row = this.#sql.tenantById.get(id);
    return row === undefined ? null : toTenant(row);
  }

  async findTenantByName(name: string): Promise<Tenant | null> {
    const row = this.#sql.tenantByName.get(name);
    return row === undefined ? null : toTenant(row);
  }

  async listTenants(): Promise<Tenant[]> {
    return this.#sql.allTenants.all().map(toTenant);
  }

  async createKey(tenantId: string): Promise<CreatedKey> {
    const secret = newSecret(this.#random);
    const row = {
      id: newId('key', this.#random),
      tenant_id: tenantId,
      secret_hash: hashSecret(secret),
      prefix: displayPrefix(secret),
      created_at: this.#clock.now(),
    };
    try {
      this.#sql.insertKey.run(row);
    } catch (cause) {
      if (errorCode(cause) !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw cause;
      throw new StoreError('store_unknown_tenant', `No tenant has the id ${tenantId}.`, { cause });
    }
    const key: ApiKey = {
      id: row.id,
      tenantId,
      prefix: row.prefix,
      status: 'active',
      suspendedUntil: null,
      createdAt: row.created_at,
      revokedAt: null,
    };
    return { key, secret };
  }

  /**
   * The request path's lookup. A found key is cached by its secret; the account generation (any change
   * to a key or tenant, from this process or another, moves it) decides whether the cache still holds.
   * It is read once per turn of the event loop: the lookups of one turn (the requests whose bytes that
   * turn read) share the read, and a change committed by another process is seen by the first lookup of
   * the next turn — under a millisecond later when idle, a few under heavy load. A change made in this process (a revocation, an
   * enforcement action) is seen by the very next lookup (`keysChanged`). Unknown secrets are not cached.
   */
  async findKeyBySecret(secret: string): Promise<AuthenticatedKey | null> {
    const generation = this.#currentGeneration();
    if (generation !== this.#keysGeneration) {
      this.#keys.clear();
      this.#keysGeneration = generation;
    }
    const cached = this.#keys.get(secret);
    if (cached !== undefined) return cached;
    const row = this.#sql.keyBySecretHash.get(hashSecret(secret));
    if (row === undefined) return null;
    const found = { key: toKey(row), tenant: toKeyTenant(row) };
    this.#keys.set(secret, found, this.#keys.generation);
    return found;
  }

  async getKey(id: string): Promise<ApiKey | null> {
    const row = this.#sql.keyById.get(id);
    return row === undefined ? null : toKey(row);
  }

  async listKeys(filter: { readonly tenantId?: string } = {}): Promise<ApiKey[]> {
    const rows = filter.tenantId === undefined ? this.#sql.allKeys.all() : this.#sql.keysByTenant.all(filter.tenantId);
    return rows.map(toKey);
  }

  async findKeysByPrefix(prefix: string): Promise<ApiKey[]> {
    return this.#sql.keysByPrefix.all(prefix).map(toKey);
  }

  async revokeKey(idOrPrefix: string): Promise<ApiKey | null> {
    try {
      return this.#revokeKey(idOrPrefix);
    } finally {
      this.keysChanged();
    }
  }

  /** A key or tenant was changed through this process's connection: the next lookup reads the generation again. */
  keysChanged(): void {
    this.#turnGeneration = null;
  }

  #currentGeneration(): number {
    if (this.#turnGeneration === null) {
      this.#turnGeneration = this.#generation();
      setImmediate(this.#endTurn);
    }
    return this.#turnGeneration;
  }

  #ensureTenantNow(input: NewTenant): Tenant {
    this.#sql.insertTenant.run({
      id: newId('ten', this.#random),
      name: input.name,
      registered_country: input.registeredCountry,
      created_at: this.#clock.now(),
    });
    const row = this.#sql.tenantByName.get(input.name);
    if (row === undefined) throw new Error(`tenant ${input.name} vanished while being created`);
    return toTenant(row);
  }

  #revokeKeyNow(idOrPrefix: string): ApiKey | null {
    const id = this.#resolveKeyId(idOrPrefix);
    if (id === null) return null;
    this.#sql.revokeKey.run(this.#clock.now(), id);
    const row = this.#sql.keyById.get(id);
    return row === undefined ? null : toKey(row);
  }

  /** An exact id wins; otherwise the displayed prefix, which must name exactly one key. */
  #resolveKeyId(idOrPrefix: string): string | null {
    if (this.#sql.keyById.get(idOrPrefix) !== undefined) return idOrPrefix;
    const matches = this.#sql.keysByPrefix.all(idOrPrefix);
    const [first] = matches;
    if (first === undefined) return null;
    if (matches.length > 1) {
      throw new StoreError(
        'store_ambiguous_prefix',
        `The prefix ${idOrPrefix} matches more than one key; revoke by key id instead (see "cordon keys list").`,
      );
    }
    return first.id;
  }
}
