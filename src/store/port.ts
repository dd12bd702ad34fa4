/**
 * Store ports. Both backends (SQLite, PostgreSQL) implement these and pass the same conformance
 * suites (test/store/). Methods are async so a networked backend fits the same contract.
 */
import type { ApiKey, Tenant } from '../domain/account.js';
import type { Logger } from '../observability/logger.js';
import type { AdminQueries } from './admin-query-port.js';
import type { AdminTokenStore } from './admin-token-port.js';
import type { AuditStore } from './audit-port.js';
import type { StoreChanges } from './change-port.js';
import type { EnforcementStore } from './enforcement-port.js';
import type { EvidenceStore } from './evidence-port.js';

export interface NewTenant {
  readonly name: string;
  /** ISO 3166-1 alpha-2; validated by the caller. */
  readonly registeredCountry: string | null;
}

export interface CreatedKey {
  readonly key: ApiKey;
  /** The full secret; shown once, never stored (only its SHA-256 is). */
  readonly secret: string;
}

export interface AuthenticatedKey {
  readonly key: ApiKey;
  readonly tenant: Tenant;
}

export interface AccountStore {
  /** Creates the tenant, or returns the existing one of that name (updating nothing). */
  ensureTenant(input: NewTenant): Promise<Tenant>;
  getTenant(id: string): Promise<Tenant | null>;
  findTenantByName(name: string): Promise<Tenant | null>;
  listTenants(): Promise<Tenant[]>;

  createKey(tenantId: string): Promise<CreatedKey>;
  /** Looks a presented secret up by its hash. Revoked keys are returned too (the caller decides). */
  findKeyBySecret(secret: string): Promise<AuthenticatedKey | null>;
  getKey(id: string): Promise<ApiKey | null>;
  listKeys(filter?: { readonly tenantId?: string }): Promise<ApiKey[]>;
  /**
   * The keys whose displayed prefix is exactly `prefix`, oldest first (one index probe): how an
   * operator names a key without its id. More than one means the prefix is ambiguous.
   */
  findKeysByPrefix(prefix: string): Promise<ApiKey[]>;
  /**
   * Revokes by key id or by the displayed prefix; returns the revoked key, or null if none matched.
   * A prefix that matches more than one key throws (`store_ambiguous_prefix`); revoking a revoked key
   * returns it unchanged.
   */
  revokeKey(idOrPrefix: string): Promise<ApiKey | null>;
}

/** Injected so tests control time and ids. */
export interface StoreClock {
  now(): number;
}

/** What every backend's open function takes besides its location. */
export interface StoreDeps {
  readonly clock: StoreClock;
  /** Source of random bytes for ids and secrets; `crypto.randomBytes` unless a test injects one. */
  readonly random?: (size: number) => Buffer;
  /**
   * How far a commit is durable: `normal` survives a killed process (the default), `full` also an OS
   * crash or power loss, at the cost of an fsync per commit (docs/audit.md).
   */
  readonly synchronous?: 'normal' | 'full';
  /**
   * SQLite files only: this process appends its audit records to a journal file beside the database and
   * seals them into the log a moment later (ADR 0015) — the gateway's default. Other backends ignore it.
   */
  readonly auditJournal?: boolean;
  /** Where a networked backend reports connections lost and regained in the background. */
  readonly logger?: Logger;
}

/**
 * An open store: one member per port, all on one connection (SQLite) or pool (PostgreSQL). `close()`
 * commits the writes already submitted and releases it; using a port after close throws.
 */
export interface Store {
  readonly accounts: AccountStore;
  readonly adminTokens: AdminTokenStore;
  /** Read-only counts and search over recorded decisions, for the admin API and dashboard. */
  readonly adminQueries: AdminQueries;
  readonly enforcement: EnforcementStore;
  /** The hash-chained audit log (src/audit). */
  readonly audit: AuditStore;
  /** Usage, recorded requests, policy versions, shadow policy. */
  readonly evidence: EvidenceStore;
  /** Changes committed by any process, broadcast (PostgreSQL); absent when the backend cannot (SQLite). */
  readonly changes?: StoreChanges;
  /**
   * Resolves when the store takes a write now; throws (with the backend's reason) when it cannot: a
   * read-only file or replica, a full disk, a lock held too long. Readiness runs it (src/app/health.ts).
   */
  probeWrite(): Promise<void>;
  /**
   * Bytes of audit records acknowledged but not yet sealed into the log (SQLite's journals, ADR 0015);
   * absent where appends commit directly (PostgreSQL, `:memory:`). Grows only while sealing fails.
   */
  readonly unsealedAuditBytes?: () => number;
  close(): Promise<void>;
}
