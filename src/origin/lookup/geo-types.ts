/**
 * The geo service's contract: options in, facts and status out, events for operators.
 */
import type { CarrierKind, GeoFacts } from '../../domain/origin.js';
import type { DatabaseRole, DatabaseSchema } from '../mmdb/index.js';

export interface GeoOptions {
  /** Location databases (City or Country, either schema), tried in order; one per family is fine. */
  readonly location: readonly string[];
  /** `'bundled'`: the `@ip-location-db/asn` index; a path: a GeoLite2-ASN or GeoIP2-ISP file. */
  readonly asn: string | 'bundled' | null;
  /** A GeoIP2 Anonymous-IP file. */
  readonly anonymousIp: string | null;
  /**
   * Data that answers in place of configured files not loaded at start (a managed file before its first
   * download): `location` files while no `location` file is loaded, the bundled ASN index (`asn: true`)
   * while the `asn` file is not. Consulted only until the configured file loads.
   */
  readonly standIn?: { readonly location: readonly string[]; readonly asn: boolean };
  /** Where the bundled ASN index is cached; the caller decides (e.g. `var/cache`). */
  readonly cacheDir: string;
  /** Reload files when they change. */
  readonly watch: boolean;
  /** Stat polling interval when watching; default 2000 ms. */
  readonly watchIntervalMs?: number;
  /** Quiet time after a change before reloading; default 1000 ms. */
  readonly watchDebounceMs?: number;
  /** English-name to ISO 3166-2 table for the flat schema; default `data/geo/subdivision-names.json`. */
  readonly subdivisionNamesFile?: string;
  readonly onEvent?: (event: GeoEvent) => void;
  /** Clock for event and status times; default `() => new Date()`. */
  readonly now?: () => Date;
}

/** The source of a fact: one configured file, or the bundled ASN index. */
export type GeoSourceRole = DatabaseRole;

export type GeoEvent =
  | { readonly type: 'loaded'; readonly role: GeoSourceRole; readonly path: string; readonly at: Date; readonly ms: number }
  | { readonly type: 'load_failed'; readonly role: GeoSourceRole; readonly path: string; readonly at: Date; readonly error: string }
  | { readonly type: 'reloaded'; readonly role: GeoSourceRole; readonly path: string; readonly at: Date; readonly ms: number }
  /** The new file was refused; the previous data stays in use. */
  | { readonly type: 'reload_failed'; readonly role: GeoSourceRole; readonly path: string; readonly at: Date; readonly error: string }
  /** Configured files are not loaded: `standIn` answers in their place until they are. */
  | { readonly type: 'stand_in'; readonly role: GeoSourceRole; readonly path: string; readonly standIn: string; readonly at: Date; readonly error: string }
  | { readonly type: 'asn_index_built'; readonly path: string; readonly at: Date; readonly ms: number; readonly cacheError: string | null };

export interface GeoFileStatus {
  readonly role: GeoSourceRole;
  /** The file (or, for the bundled ASN index, the CSV files joined by `,`). */
  readonly path: string;
  readonly loaded: boolean;
  readonly schema: DatabaseSchema | null;
  /** The database's own type (`GeoIP2-City`, `city ipv4`, `ip-location-db asn`). */
  readonly type: string | null;
  readonly ipVersion: 4 | 6 | null;
  /** ISO date of the data (MMDB build epoch; package version for the bundled index). */
  readonly buildDate: string | null;
  readonly version: string | null;
  readonly nodeCount: number | null;
  readonly recordCount: number | null;
  readonly loadedAt: string | null;
  readonly loadMs: number | null;
  readonly reloads: number;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  /** The bundled ASN index's cache file. */
  readonly cacheFile?: string;
  /** Stand-in data (GeoOptions.standIn): the configured file it answers for, listed only while it does. */
  readonly standsInFor?: string;
}

export interface GeoStatus {
  /** True when at least one location database is loaded. */
  readonly locationAvailable: boolean;
  readonly files: readonly GeoFileStatus[];
}

/**
 * A client address located: the facts policy decides on and, for an IPv6 address that carries an
 * IPv4 address (embedded-ipv4.ts), the IPv6 address with its own facts. One cached value per address.
 */
export interface Located {
  /** The address `facts` are about: the IPv4 address a carrier carries, else the address itself (canonical text). */
  readonly ip: string;
  readonly facts: GeoFacts;
  /** The carrier form, the IPv6 address as the client used it, and what the databases say about it; null for other addresses. */
  readonly carrier: { readonly kind: CarrierKind; readonly ip: string; readonly facts: GeoFacts } | null;
}

/** The geo port: hot-path lookups plus operator status. */
export interface GeoLookup {
  /**
   * What the databases say about this very address, in canonical form (see `normalizeIp`): an IPv6
   * address that carries an IPv4 address is looked up as itself. Sync, never throws.
   */
  lookup(ip: string): GeoFacts;
  /** A client address located (see `Located`): what the origin is built from. Sync, never throws. */
  locate(ip: string): Located;
  status(): GeoStatus;
}

export interface GeoService extends GeoLookup {
  /** Re-reads every configured file now (as a change would); resolves when done. */
  reloadAll(): Promise<void>;
  /** Stops the file watchers. */
  close(): Promise<void>;
}
