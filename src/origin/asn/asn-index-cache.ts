/**
 * The bundled ASN index, built from CSV once and cached as a binary file.
 *
 * Parsing ~40 MB of CSV takes seconds; reading the cached index takes milliseconds. The cache file
 * is named and tagged by what it was built from (package version, each CSV's size and mtime), so a
 * package upgrade or an edited CSV builds a new one; a cache that does not read back is rebuilt.
 * Writes go to a temporary file renamed into place, so a crash never leaves half a cache.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAsnIndex } from './asn-csv.js';
import { AsnIndex } from './asn-index.js';

/** The `@ip-location-db/asn` package's CSV files and version (found by lookup/bundled-data.ts). */
export interface BundledAsnFiles {
  readonly packageVersion: string;
  readonly ipv4NumCsv: string;
  readonly ipv6Csv: string;
}

const CACHE_PREFIX = 'asn-index-';

export interface AsnIndexLoad {
  readonly index: AsnIndex;
  readonly cacheFile: string;
  /** True when the CSV was parsed (cold start), false when the cache was read. */
  readonly built: boolean;
  readonly ms: number;
  /** Why the freshly built index could not be cached (it is used all the same); null if it was. */
  readonly cacheError: string | null;
}

async function sourceKey(files: BundledAsnFiles): Promise<string> {
  const stats = await Promise.all([files.ipv4NumCsv, files.ipv6Csv].map((f) => stat(f)));
  return JSON.stringify({
    package: `@ip-location-db/asn@${files.packageVersion}`,
    files: stats.map((s) => ({ size: s.size, mtimeMs: Math.trunc(s.mtimeMs) })),
  });
}

async function readCache(file: string, key: string): Promise<AsnIndex | null> {
  try {
    return AsnIndex.deserialize(await readFile(file), key);
  } catch {
    return null; // missing or unreadable: build it
  }
}

/** Removes caches built from other inputs; a failure here is harmless. */
async function removeStale(cacheDir: string, keep: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(CACHE_PREFIX) && n.endsWith('.bin') && join(cacheDir, n) !== keep).map((n) => unlink(join(cacheDir, n)).catch(() => undefined)),
  );
}

export async function loadBundledAsnIndex(files: BundledAsnFiles, cacheDir: string): Promise<AsnIndexLoad> {
  const started = performance.now();
  const key = await sourceKey(files);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const cacheFile = join(cacheDir, `${CACHE_PREFIX}${hash}.bin`);
  const cached = await readCache(cacheFile, key);
  if (cached !== null) return { index: cached, cacheFile, built: false, ms: performance.now() - started, cacheError: null };

  const [ipv4NumCsv, ipv6Csv] = await Promise.all([readFile(files.ipv4NumCsv, 'utf8'), readFile(files.ipv6Csv, 'utf8')]);
  const index = buildAsnIndex({ ipv4NumCsv, ipv6Csv });
  const cacheError = await writeCache(cacheDir, cacheFile, index.serialize(key));
  return { index, cacheFile, built: true, ms: performance.now() - started, cacheError };
}

async function writeCache(cacheDir: string, cacheFile: string, bytes: Buffer): Promise<string | null> {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(temporary, bytes);
    await rename(temporary, cacheFile);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    return String(error);
  }
  await removeStale(cacheDir, cacheFile);
  return null;
}
