/**
 * What the data updater is told by config (`updates:`, docs/data.md): which sources to keep current,
 * from where, into which file, how often, and how old each may grow before it is called stale.
 */
import type { Secret } from '../domain/secret.js';

/** What a downloaded file is, so it can be verified as that before it replaces anything. */
export type MmdbRole = 'location' | 'asn' | 'anonymous_ip';

interface SourceBase {
  /** Unique, `[a-z0-9_-]`; names the source in status, logs, metrics and the provenance file. */
  readonly name: string;
  /** Data older than this (by its build date) is stale: `/readyz` and `cordon data status` say so. */
  readonly maxAgeDays: number;
}

export type SourceSettings =
  /** A MaxMind edition (GeoLite2/GeoIP2 City, Country, ASN, Anonymous-IP) by geoipupdate's protocol. */
  | (SourceBase & { readonly kind: 'maxmind'; readonly edition: string; readonly role: MmdbRole; readonly file: string })
  /** An MMDB file by URL, plain or gzip (DB-IP's monthly lite files: `{month}` is YYYY-MM; the ip-location-db files). */
  | (SourceBase & { readonly kind: 'mmdb'; readonly url: string; readonly role: MmdbRole; readonly file: string })
  /** The Tor Project's bulk exit list (or exit-addresses), by URL. */
  | (SourceBase & { readonly kind: 'tor_exits'; readonly url: string; readonly file: string })
  /** An operator's CIDR or ASN list, by URL. */
  | (SourceBase & { readonly kind: 'cidr' | 'asn'; readonly url: string; readonly file: string })
  /** A signed preset bundle (provider and law presets), installed under `data_dir/presets/`. */
  | (SourceBase & { readonly kind: 'presets'; readonly url: string; readonly publicKey: string });

export type SourceKind = SourceSettings['kind'];

export interface MaxmindAccount {
  readonly accountId: string;
  readonly licenseKey: Secret;
  /** `https://updates.maxmind.com`; a test points it at a local server. */
  readonly host: string;
}

export interface UpdateSettings {
  /** Run the sources on a timer inside the gateway (`cordon data update` runs them at any time). */
  readonly scheduled: boolean;
  readonly intervalMinutes: number;
  /** Longest one download may take, headers to last byte. */
  readonly timeoutMs: number;
  /** Largest download (and largest decompressed file) accepted. */
  readonly maxBytes: number;
  /** Most entries a list may hold. */
  readonly maxEntries: number;
  /** Data no updater keeps current (the bundled files, files placed by hand) is stale after this many days; null: never. */
  readonly unmanagedMaxAgeDays: number | null;
  readonly maxmind: MaxmindAccount | null;
  readonly sources: readonly SourceSettings[];
}

export const NO_UPDATES: UpdateSettings = {
  scheduled: true,
  intervalMinutes: 1440,
  timeoutMs: 120_000,
  maxBytes: 512 * 1024 * 1024,
  maxEntries: 2_000_000,
  unmanagedMaxAgeDays: 365,
  maxmind: null,
  sources: [],
};
