/**
 * Provenance of every datum a decision uses (docs/data.md): the sources the updater keeps, and the
 * data nobody updates (the bundled files, files placed by hand, the presets shipped with Cordon), each
 * with its origin, build date, file hash, last check and last change, and whether it is older than its
 * maximum age. Status rows are plain data for `cordon data status`, the admin API, `/metrics` and
 * `/readyz`; `dataVersionId` names the set of files in use, for decision records.
 */
import { readFile, stat } from 'node:fs/promises';
import type { GeoStatus, ListSettings } from '../origin/index.js';
import { BUNDLED_HOSTING_ASNS } from '../origin/lists/index.js';
import { parseAsnList } from '../origin/lists/index.js';
import { fileHash, sha256, writeAtomically } from './swap.js';
import type { ProvenanceStore } from './provenance.js';
import type { SourceSettings, UpdateSettings } from './settings.js';
import { originOf } from './update-source.js';

export interface DataSourceStatus {
  readonly name: string;
  /** `maxmind`, `mmdb`, `tor_exits`, `cidr`, `asn`, `presets`, or `geo` / `list` for data no updater keeps. */
  readonly kind: string;
  /** True when an `updates.sources` entry keeps it current. */
  readonly managed: boolean;
  readonly origin: string;
  readonly file: string | null;
  /** ISO date the data was built (MMDB build epoch, Last-Modified, a list's `as_of`, the bundle's date). */
  readonly built: string | null;
  readonly sha256: string | null;
  /** Last time its origin was asked for news; null when nothing checks it. */
  readonly checked: string | null;
  /** Last time new data replaced the old (for unmanaged files: their modification time). */
  readonly changed: string | null;
  /** Seconds since `built`, at the time of the status. */
  readonly age_seconds: number | null;
  readonly max_age_days: number | null;
  /** Older than its maximum age, or never obtained. */
  readonly stale: boolean;
  readonly last_error: string | null;
}

/** What the status is built from, besides the updater's settings and records. */
export interface StatusInputs {
  readonly geo: GeoStatus;
  readonly lists: ListSettings;
  /** The presets in use: the installed bundle's folder, or the shipped folder with its newest list date. */
  readonly presets: { readonly origin: string; readonly path: string; readonly built: string | null; readonly sha256: string | null };
  readonly now: Date;
}

/**
 * File hashes by identity (device, inode, size, modification time): a status read hashes a file once
 * per change. Kept in a JSON file (the cache folder) when given one, so a restart or a CLI call does not
 * hash the bundled databases (~200 MB) again; a cache that cannot be read or written only means hashing.
 */
export class HashCache {
  private known: Map<string, { identity: string; sha256: string }> | null = null;

  constructor(private readonly file: string | null = null) {}

  private async load(): Promise<Map<string, { identity: string; sha256: string }>> {
    if (this.known !== null) return this.known;
    let entries: Array<[string, { identity: string; sha256: string }]> = [];
    try {
      if (this.file !== null) entries = Object.entries(JSON.parse(await readFile(this.file, 'utf8')) as Record<string, { identity: string; sha256: string }>);
    } catch {
      /* none yet */
    }
    this.known ??= new Map(entries);
    return this.known;
  }

  async hash(path: string): Promise<string | null> {
    let identity: string;
    try {
      const s = await stat(path);
      identity = `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return null;
    }
    const known = await this.load();
    const hit = known.get(path);
    if (hit?.identity === identity) return hit.sha256;
    const digest = await fileHash(path);
    if (digest === null) return null;
    known.set(path, { identity, sha256: digest });
    if (this.file !== null) await writeAtomically(this.file, JSON.stringify(Object.fromEntries(known))).catch(() => undefined);
    return digest;
  }
}

const DAY_S = 86_400;

function ageOf(built: string | null, now: Date): number | null {
  if (built === null) return null;
  const t = Date.parse(built);
  return Number.isNaN(t) ? null : Math.max(0, Math.round((now.getTime() - t) / 1000));
}

/** Every date as a full ISO date-time (a package version gives a day). */
function isoOrNull(date: string | null): string | null {
  return date === null || Number.isNaN(Date.parse(date)) ? null : new Date(date).toISOString();
}

function row(r: Omit<DataSourceStatus, 'age_seconds' | 'stale'>, now: Date): DataSourceStatus {
  const built = isoOrNull(r.built);
  const age = ageOf(built, now);
  const stale = r.max_age_days !== null && (age === null || age > r.max_age_days * DAY_S);
  return { ...r, built, age_seconds: age, stale };
}

async function mtimeOf(path: string): Promise<string | null> {
  try {
    return (await stat(path)).mtime.toISOString();
  } catch {
    return null;
  }
}

function fileOf(source: SourceSettings): string | null {
  return source.kind === 'presets' ? null : source.file;
}

/** A list's own date: the YAML form's `as_of`, else the file's modification time. */
async function listBuilt(path: string): Promise<string | null> {
  if (/\.ya?ml$/i.test(path)) {
    try {
      const asOf = parseAsnList(await readFile(path, 'utf8'), { yaml: true }).asOf;
      if (asOf !== null && !Number.isNaN(Date.parse(asOf))) return new Date(asOf).toISOString();
    } catch {
      /* unreadable: the list loader reports it */
    }
  }
  return mtimeOf(path);
}

export async function dataStatus(settings: UpdateSettings, provenance: ProvenanceStore, inputs: StatusInputs, hashes: HashCache): Promise<DataSourceStatus[]> {
  const { now } = inputs;
  const rows: DataSourceStatus[] = [];
  const managedFiles = new Set(settings.sources.map(fileOf).filter((f): f is string => f !== null));
  for (const source of settings.sources) {
    const record = await provenance.read(source.name);
    const file = fileOf(source);
    const sha = file === null ? record?.sha256 ?? null : await hashes.hash(file);
    // A file replaced by another hand since the last update: its record no longer describes it.
    const foreign = file !== null && record !== null && sha !== record.sha256;
    rows.push(row({
      name: source.name,
      kind: source.kind,
      managed: true,
      origin: originOf(source, settings),
      file,
      built: foreign ? null : record?.built ?? null,
      sha256: sha,
      checked: record?.checked ?? null,
      changed: foreign ? await mtimeOf(file) : record?.changed ?? null,
      max_age_days: source.maxAgeDays,
      last_error: foreign ? 'the file changed since the last update (replaced by hand or by another tool): its build date is read at the next update' : record?.last_error ?? null,
    }, now));
  }
  const unmanaged = settings.unmanagedMaxAgeDays;
  for (const f of inputs.geo.files) {
    const paths = f.path.split(',');
    if (paths.every((p) => managedFiles.has(p))) continue;
    const digests = await Promise.all(paths.map((p) => hashes.hash(p)));
    const bundled = paths.some((p) => p.includes(`${'node_modules'}/@ip-location-db/`));
    rows.push(row({
      name: `geo-${f.role.replace('_', '-')}${inputs.geo.files.filter((g) => g.role === f.role).length > 1 ? `-${inputs.geo.files.filter((g) => g.role === f.role).indexOf(f) + 1}` : ''}`,
      kind: 'geo',
      managed: false,
      origin: `${bundled ? `bundled with Cordon (${f.version ?? f.type ?? 'npm package'})` : 'a file placed by the operator'}${f.standsInFor === undefined ? '' : `, in place of ${f.standsInFor} until it is loaded`}`,
      file: f.path,
      built: f.buildDate,
      sha256: digests.every((d) => d !== null) ? (digests.length === 1 ? (digests[0] as string) : sha256(digests.join('\n'))) : null,
      checked: null,
      changed: await mtimeOf(paths[0] as string),
      max_age_days: unmanaged,
      last_error: f.lastError,
    }, now));
  }
  const lists: Array<{ kind: string; file: string }> = [
    ...(inputs.lists.torExits === null ? [] : [{ kind: 'tor', file: inputs.lists.torExits }]),
    ...inputs.lists.cidr.map((e) => ({ kind: `cidr-${e.flag}`, file: e.file })),
    ...inputs.lists.asn.map((e) => ({ kind: `asn-${e.flag}`, file: e.file === 'bundled' ? BUNDLED_HOSTING_ASNS : e.file })),
  ];
  for (const [i, l] of lists.entries()) {
    if (managedFiles.has(l.file)) continue;
    const sha = await hashes.hash(l.file);
    rows.push(row({
      name: `list-${l.kind}${lists.filter((x) => x.kind === l.kind).length > 1 ? `-${i + 1}` : ''}`,
      kind: 'list',
      managed: false,
      origin: l.file === BUNDLED_HOSTING_ASNS ? 'bundled with Cordon (data/enforcement/hosting-asns.yaml)' : 'a file placed by the operator',
      file: l.file,
      built: sha === null ? null : await listBuilt(l.file),
      sha256: sha,
      checked: null,
      changed: await mtimeOf(l.file),
      max_age_days: unmanaged,
      last_error: sha === null ? 'file not found' : null,
    }, now));
  }
  if (!settings.sources.some((s) => s.kind === 'presets')) {
    rows.push(row({ name: 'presets', kind: 'presets', managed: false, origin: inputs.presets.origin, file: inputs.presets.path, built: inputs.presets.built, sha256: inputs.presets.sha256, checked: null, changed: null, max_age_days: unmanaged, last_error: null }, now));
  }
  return rows;
}

/**
 * A short id of the data in use: the same files give the same id in every process and every run.
 * Recorded in each decision record (`data_version`); `cordon data status --version ID` names the files.
 */
export function dataVersionId(rows: readonly Pick<DataSourceStatus, 'name' | 'sha256'>[]): string {
  const lines = rows.map((r) => `${r.name}=${r.sha256 ?? '-'}`).sort();
  return `dv_${sha256(lines.join('\n')).slice(0, 12)}`;
}

/** One line per stale source for `/readyz`, or null when none is. */
export function staleness(rows: readonly DataSourceStatus[]): string | null {
  const stale = rows.filter((r) => r.stale);
  if (stale.length === 0) return null;
  return stale
    .map((r) => (r.age_seconds === null ? `${r.name}: never obtained${r.last_error ? ` (${r.last_error})` : ''}` : `${r.name}: built ${Math.floor(r.age_seconds / DAY_S)} days ago, over its maximum of ${r.max_age_days} days${r.last_error ? ` (last update failed: ${r.last_error})` : ''}`))
    .join('; ');
}
