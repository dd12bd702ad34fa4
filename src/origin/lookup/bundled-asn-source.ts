/**
 * The default ASN source: the `@ip-location-db/asn` ranges through the cached binary index.
 * Loaded once at start (the package changes only with an upgrade, which restarts the process).
 */
import { loadBundledAsnIndex, type AsnIndex, type BundledAsnFiles, type NetworkFacts } from '../asn/index.js';
import { bundledAsnFiles } from './bundled-data.js';
import type { GeoFileStatus } from './geo-types.js';
import type { ParsedIp } from '../address/index.js';
import type { SlotContext } from './database-slot.js';

export class BundledAsnSource {
  private constructor(
    private readonly index: AsnIndex | null,
    private readonly fileStatus: GeoFileStatus,
  ) {}

  lookup(ip: ParsedIp): NetworkFacts | null {
    if (this.index === null) return null;
    return ip.family === 4 ? this.index.lookupV4(ip.v4) : this.index.lookupV6(ip.words);
  }

  status(): GeoFileStatus {
    return this.fileStatus;
  }

  /** Loads or builds the index; a failure is reported, not thrown (lookups then give no ASN). */
  static async load(cacheDir: string, context: Pick<SlotContext, 'emit' | 'now'>): Promise<BundledAsnSource> {
    let files: BundledAsnFiles | null = null;
    try {
      files = bundledAsnFiles();
      const loaded = await loadBundledAsnIndex(files, cacheDir);
      const at = context.now();
      if (loaded.built) {
        context.emit({ type: 'asn_index_built', path: loaded.cacheFile, at, ms: loaded.ms, cacheError: loaded.cacheError });
      }
      const path = `${files.ipv4NumCsv},${files.ipv6Csv}`;
      context.emit({ type: 'loaded', role: 'asn', path, at, ms: loaded.ms });
      return new BundledAsnSource(loaded.index, {
        ...emptyStatus(path),
        loaded: true,
        schema: 'ip-location-db-csv',
        type: 'ip-location-db asn',
        buildDate: versionDate(files.packageVersion),
        version: files.packageVersion,
        recordCount: loaded.index.rangeCount,
        loadedAt: at.toISOString(),
        loadMs: Math.round(loaded.ms),
        cacheFile: loaded.cacheFile,
        lastError: loaded.cacheError === null ? null : `index not cached: ${loaded.cacheError}`,
      });
    } catch (error) {
      const path = files === null ? '@ip-location-db/asn' : `${files.ipv4NumCsv},${files.ipv6Csv}`;
      const at = context.now();
      const message = `${path}: ${String(error)}`;
      context.emit({ type: 'load_failed', role: 'asn', path, at, error: message });
      return new BundledAsnSource(null, { ...emptyStatus(path), lastError: message, lastErrorAt: at.toISOString() });
    }
  }
}

/** The packages are versioned `2.3.YYYYMMDDHH`: the data's date. */
function versionDate(version: string): string | null {
  const m = /\.(\d{4})(\d{2})(\d{2})\d{2}$/.exec(version);
  return m === null ? null : `${m[1]}-${m[2]}-${m[3]}`;
}

function emptyStatus(path: string): GeoFileStatus {
  return {
    role: 'asn',
    path,
    loaded: false,
    schema: null,
    type: null,
    ipVersion: null,
    buildDate: null,
    version: null,
    nodeCount: null,
    recordCount: null,
    loadedAt: null,
    loadMs: null,
    reloads: 0,
    lastError: null,
    lastErrorAt: null,
  };
}
