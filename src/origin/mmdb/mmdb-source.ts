/**
 * One MMDB file, opened fully, verified, and ready for synchronous lookups.
 *
 * Opening = read the whole file, verify its structure (`mmdb-verify.ts`; skipped for a file verified
 * before and unchanged since, `verified-files.ts`), detect what it is (role and schema, from the
 * metadata's database_type and a sample record), check it is the kind the caller configured, and
 * answer probe lookups. Only then can it replace a file in use.
 */
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { Reader, type Response } from 'maxmind';
import type { AnonymizerFlag } from '../../domain/origin.js';
import { verifyMmdb } from './mmdb-verify.js';
import type { VerifiedFiles, VerifiedLayout } from './verified-files.js';
import type { NetworkFacts } from '../asn/index.js';
import { anonymizerFlags, flatLocation, geoip2Location, networkFacts, type LocationFacts } from './record-mapping.js';
import type { SubdivisionNames } from './subdivision-names.js';

export const DATABASE_ROLES = ['location', 'asn', 'anonymous_ip'] as const;
export type DatabaseRole = (typeof DATABASE_ROLES)[number];
export type DatabaseSchema = 'geoip2' | 'flat' | 'ip-location-db-csv';

/** A geo data file that cannot be used; the message names the file and the reason. */
export class GeoDataError extends Error {
  override readonly name = 'GeoDataError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface MmdbInfo {
  readonly path: string;
  readonly role: DatabaseRole;
  readonly schema: DatabaseSchema;
  readonly databaseType: string;
  readonly ipVersion: 4 | 6;
  readonly buildEpoch: Date;
  readonly nodeCount: number;
  /** Top-level values in the data section: about the number of distinct records. */
  readonly recordCount: number;
  readonly fileSize: number;
  /** Time to read, verify and open the file. */
  readonly openMs: number;
}

/** What a lookup in a database of each role gives. */
export interface RoleFacts {
  location: LocationFacts;
  asn: NetworkFacts;
  anonymous_ip: readonly AnonymizerFlag[];
}

/**
 * The `maxmind` reader caches decoded records by data offset; a bounded Map that starts over when
 * full is enough (the hot set of a gateway is small) and keeps us off `maxmind`'s internal LRU.
 */
class BoundedCache {
  private readonly map = new Map<string | number, unknown>();
  constructor(private readonly max: number) {}
  get(key: string | number): unknown {
    return this.map.get(key);
  }
  set(key: string | number, value: unknown): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, value);
  }
}

export class MmdbSource<R extends DatabaseRole> {
  /** Facts per decoded record object: mapping is done once per record, not per lookup. */
  private readonly mapped = new WeakMap<object, RoleFacts[R] | null>();
  lookupErrors = 0;

  constructor(
    readonly info: MmdbInfo,
    private readonly reader: Reader<Response>,
    private readonly map: (record: unknown) => RoleFacts[R] | null,
  ) {}

  /** Sync lookup of a canonical address; null when the file has no answer. Never throws. */
  lookup(ip: string, family: 4 | 6): RoleFacts[R] | null {
    if (family === 6 && this.info.ipVersion === 4) return null; // an IPv4 tree would answer wrongly
    let record: unknown;
    try {
      record = this.reader.get(ip);
    } catch {
      this.lookupErrors++;
      return null;
    }
    if (typeof record !== 'object' || record === null) return null;
    let facts = this.mapped.get(record);
    if (facts === undefined) {
      facts = this.map(record);
      this.mapped.set(record, facts);
    }
    return facts;
  }
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** What a file is, from its metadata type and a sample record; null when unrecognised. */
export function detectDatabase(databaseType: string, sample: unknown): { role: DatabaseRole; schema: DatabaseSchema } | null {
  const type = databaseType.toLowerCase();
  const s = fieldsOf(sample);
  if (type.includes('anonymous')) return { role: 'anonymous_ip', schema: 'geoip2' };
  if (type.includes('asn') || type.includes('isp') || 'autonomous_system_number' in s) return { role: 'asn', schema: 'geoip2' };
  if ('country_code' in s) return { role: 'location', schema: 'flat' };
  if (/city|country|enterprise/.test(type) || 'country' in s || 'registered_country' in s) return { role: 'location', schema: 'geoip2' };
  return null;
}

function mapperFor<R extends DatabaseRole>(role: R, schema: DatabaseSchema, names: SubdivisionNames): (record: unknown) => RoleFacts[R] | null {
  const mappers: { [K in DatabaseRole]: (record: unknown) => RoleFacts[K] | null } = {
    location: schema === 'flat' ? (r) => flatLocation(r, names) : geoip2Location,
    asn: networkFacts,
    anonymous_ip: anonymizerFlags,
  };
  return mappers[role];
}

const PROBES = { 4: ['1.1.1.1'], 6: ['1.1.1.1', '2001:4860:4860::8888'] } as const;

/**
 * Reads, verifies and opens `path` as a database of `role`. Throws `GeoDataError`. A file `verified`
 * already knows unchanged is not walked again (its recorded layout is used).
 */
export async function openMmdbSource<R extends DatabaseRole>(path: string, role: R, names: SubdivisionNames, verified?: VerifiedFiles): Promise<MmdbSource<R>> {
  const started = performance.now();
  const { db, stat } = await readWhole(path);
  if (db.length === 0) throw new GeoDataError(path, 'file is empty');
  if (db[0] === 0x1f && db[1] === 0x8b) throw new GeoDataError(path, 'file is gzip-compressed; decompress it first');
  const layout = (await verified?.find(path, stat)) ?? (await verifyWhole(path, db));
  if (layout.detected.role !== role) {
    throw new GeoDataError(path, `is a ${layout.detected.role} database ("${layout.databaseType}"), configured as ${role}`);
  }
  const detected = layout.detected as { role: R; schema: DatabaseSchema };
  const reader = new Reader<Response>(db, { cache: new BoundedCache(10_000) });
  const info: MmdbInfo = {
    path,
    role,
    schema: detected.schema,
    databaseType: layout.databaseType,
    ipVersion: layout.ipVersion,
    buildEpoch: new Date(layout.buildEpoch),
    nodeCount: layout.nodeCount,
    recordCount: layout.dataValueCount,
    fileSize: db.length,
    openMs: 0,
  };
  const map = mapperFor(role, detected.schema, names);
  const probing = new MmdbSource(info, reader, map);
  for (const probe of PROBES[layout.ipVersion]) {
    probing.lookup(probe, probe.includes(':') ? 6 : 4);
    if (probing.lookupErrors > 0) throw new GeoDataError(path, `probe lookup of ${probe} failed`);
  }
  await verified?.record(path, stat, layout);
  return new MmdbSource({ ...info, openMs: performance.now() - started }, reader, map);
}

/** The whole file and its identity, read through one descriptor (so both are of the same file). */
async function readWhole(path: string): Promise<{ db: Buffer; stat: Stats }> {
  let handle;
  try {
    handle = await open(path, 'r');
    return { stat: await handle.stat(), db: await handle.readFile() };
  } catch (error) {
    throw new GeoDataError(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error));
  } finally {
    await handle?.close();
  }
}

/** The full structural check, and what the file is; throws `GeoDataError`. */
async function verifyWhole(path: string, db: Buffer): Promise<VerifiedLayout> {
  let layout;
  try {
    layout = await verifyMmdb(db);
  } catch (error) {
    throw new GeoDataError(path, `corrupt MMDB file: ${(error as Error).message}`);
  }
  const detected = detectDatabase(layout.databaseType, layout.sample);
  if (detected === null) throw new GeoDataError(path, `unrecognised database type "${layout.databaseType}"`);
  const { sample: _sample, buildEpoch, ...rest } = layout;
  return { ...rest, buildEpoch: buildEpoch.toISOString(), detected };
}
