/**
 * One update of one source: ask the origin for news (conditionally), verify what comes back, write it
 * beside the file in use and rename it over; record the outcome (provenance.ts). Never throws: a
 * failure is an outcome with its reason, and the old data stays in use.
 */
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import type { SubdivisionNames } from '../origin/mmdb/index.js';
import { ArchiveError, gunzipIfNeeded, isGzip, mmdbFromTar } from './archive.js';
import { download, DownloadError, redact, type Downloaded } from './download.js';
import { installBundle, installedPresets, openBundle } from './preset-bundle.js';
import { emptyRecord, type ProvenanceRecord, type ProvenanceStore } from './provenance.js';
import type { MaxmindAccount, SourceSettings, UpdateSettings } from './settings.js';
import { discard, fileHash, md5Of, sha256, swapInto, writeBeside } from './swap.js';
import { VerificationError, verifyList, verifyMmdbFile } from './verify.js';

export interface UpdateContext {
  readonly settings: UpdateSettings;
  readonly provenance: ProvenanceStore;
  readonly dispatcher: Dispatcher;
  /** The subdivision names table, for opening location files as the geo service does. */
  readonly names: () => Promise<SubdivisionNames>;
  /** Where preset bundles are installed (`data_dir/presets`). */
  readonly presetsRoot: string;
  readonly now: () => Date;
}

export type UpdateOutcome = 'changed' | 'unchanged' | 'failed';

export interface UpdateResult {
  readonly name: string;
  readonly kind: SourceSettings['kind'];
  readonly outcome: UpdateOutcome;
  /** What happened, for a log line or the CLI: the new build, "not modified", or why it failed. */
  readonly detail: string;
  readonly record: ProvenanceRecord;
}

/** What a fetch produced, verified and ready to swap in. */
interface Fresh {
  readonly data: Buffer;
  readonly built: string | null;
  readonly detail: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly md5?: string;
}

/** Where each kind's data comes from, as status shows it (never a key). */
export function originOf(source: SourceSettings, settings: UpdateSettings): string {
  if (source.kind === 'maxmind') return `${settings.maxmind?.host ?? 'https://updates.maxmind.com'}/geoip/databases/${source.edition}`;
  return redact(source.url);
}

export async function updateSource(source: SourceSettings, ctx: UpdateContext): Promise<UpdateResult> {
  const previous = (await ctx.provenance.read(source.name)) ?? emptyRecord(source.name, originOf(source, ctx.settings));
  const checked = ctx.now().toISOString();
  const base: ProvenanceRecord = { ...previous, origin: originOf(source, ctx.settings), checked };
  let result: UpdateResult;
  try {
    result = source.kind === 'presets' ? await updatePresets(source, ctx, base) : await updateFile(source, ctx, base);
  } catch (error) {
    const reason = error instanceof DownloadError || error instanceof VerificationError || error instanceof ArchiveError ? error.message : `unexpected: ${error instanceof Error ? error.message : String(error)}`;
    result = { name: source.name, kind: source.kind, outcome: 'failed', detail: `${reason}; the data in use is kept`, record: { ...base, last_error: reason, last_error_at: checked } };
  }
  try {
    await ctx.provenance.write(result.record);
  } catch (error) {
    return { ...result, detail: `${result.detail} (the provenance file could not be written: ${error instanceof Error ? error.message : String(error)})` };
  }
  return result;
}

type FileSource = Exclude<SourceSettings, { kind: 'presets' }>;

async function updateFile(source: FileSource, ctx: UpdateContext, base: ProvenanceRecord): Promise<UpdateResult> {
  // The file in use may have been replaced by hand (or by geoipupdate): validators of another file would lie.
  const currentSha = await fileHash(source.file);
  const sameFile = currentSha !== null && currentSha === base.sha256;
  const fresh = await fetchFresh(source, ctx, sameFile ? base : { ...base, etag: null, last_modified: null, detail: null });
  const unchanged = (record: ProvenanceRecord, detail: string): UpdateResult => ({ name: source.name, kind: source.kind, outcome: 'unchanged', detail, record: { ...record, last_error: null, last_error_at: null } });
  if (fresh === null) {
    return unchanged({ ...base, sha256: currentSha, built: base.built ?? (await builtOf(source, ctx)) }, 'not modified');
  }
  const digest = sha256(fresh.data);
  const validators = { etag: fresh.etag, last_modified: fresh.lastModified, detail: fresh.md5 ?? null };
  // The file in use already holds this content (placed before the first update): its own date, when it has one.
  if (digest === currentSha) return unchanged({ ...base, ...validators, sha256: digest, built: base.built ?? fresh.built ?? (await builtOf(source, ctx)) ?? base.checked }, 'same content as the file in use');
  const temp = await writeBeside(source.file, fresh.data);
  try {
    const built = source.kind === 'maxmind' || source.kind === 'mmdb' ? (await verifyMmdbFile(temp, source.role, await ctx.names())).built : fresh.built;
    if (source.kind === 'maxmind' || source.kind === 'mmdb') {
      // Never an older build over a newer one (last month's file after a 404, a stale mirror): a rollback.
      const inUse = sameFile ? (base.built ?? (await builtOf(source, ctx))) : await builtOf(source, ctx);
      if (built !== null && inUse !== null && Date.parse(built) < Date.parse(inUse)) {
        await discard(temp);
        return unchanged({ ...base, sha256: currentSha, built: inUse }, `the download was built ${built.slice(0, 10)}, before the file in use (${inUse.slice(0, 10)}): kept the file in use`);
      }
    }
    await swapInto(temp, source.file);
    const changed = ctx.now().toISOString();
    return {
      name: source.name,
      kind: source.kind,
      outcome: 'changed',
      detail: `${fresh.detail}${built ? `, built ${built.slice(0, 10)}` : ''}`,
      record: { ...base, ...validators, sha256: digest, built: built ?? changed, changed, last_error: null, last_error_at: null },
    };
  } catch (error) {
    await discard(temp);
    throw error;
  }
}

/** The build date of a file in use that the updater has not written (first run over an existing file). */
async function builtOf(source: FileSource, ctx: UpdateContext): Promise<string | null> {
  if (source.kind !== 'maxmind' && source.kind !== 'mmdb') return null;
  try {
    return (await verifyMmdbFile(source.file, source.role, await ctx.names())).built;
  } catch {
    return null;
  }
}

/** null when the origin has nothing newer. */
async function fetchFresh(source: FileSource, ctx: UpdateContext, base: ProvenanceRecord): Promise<Fresh | null> {
  const { maxBytes, timeoutMs, maxEntries } = ctx.settings;
  const common = { maxBytes, timeoutMs, dispatcher: ctx.dispatcher };
  if (source.kind === 'maxmind') return fetchMaxmind(source, ctx, base);
  const got = source.kind === 'mmdb' ? await downloadMonthly(source.url, { ...common, etag: base.etag, lastModified: base.last_modified }, ctx.now()) : await download(source.url, { ...common, etag: base.etag, lastModified: base.last_modified });
  if (got.status === 'not_modified') return null;
  const builtFromHeader = got.lastModified !== null && !Number.isNaN(Date.parse(got.lastModified)) ? new Date(got.lastModified).toISOString() : null;
  if (source.kind === 'mmdb') {
    const unpacked = gunzipIfNeeded(got.body, maxBytes);
    const isTar = unpacked.length > 262 && unpacked.subarray(257, 262).toString('latin1') === 'ustar';
    const data = isTar ? mmdbFromTar(unpacked, maxBytes).data : unpacked;
    return { data, built: null, detail: `${data.length} bytes${isGzip(got.body) ? ' (gzip)' : ''}`, etag: got.etag, lastModified: got.lastModified };
  }
  const text = gunzipIfNeeded(got.body, maxBytes).toString('utf8');
  const verified = verifyList(source.kind, text, maxEntries);
  return { data: Buffer.from(text, 'utf8'), built: builtFromHeader, detail: `${verified.entries} entries (${verified.detail})`, etag: got.etag, lastModified: got.lastModified };
}

/**
 * DB-IP publishes one file a month, named by it (`dbip-city-lite-2026-12.mmdb.gz`): `{month}` in the
 * URL is this month (UTC), or the month before when this month's is not out yet (404).
 */
async function downloadMonthly(url: string, options: Parameters<typeof download>[1], now: Date): Promise<Downloaded> {
  if (!url.includes('{month}')) return download(url, options);
  const month = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  try {
    return await download(url.replace('{month}', month(now)), options);
  } catch (error) {
    if (!(error instanceof DownloadError) || error.status !== 404) throw error;
    return download(url.replace('{month}', month(previous)), options);
  }
}

const maxmindMetadata = z.object({
  databases: z.array(z.object({ edition_id: z.string(), md5: z.string().regex(/^[0-9a-f]{32}$/), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })).min(1),
});

/**
 * MaxMind's update protocol, as geoipupdate (v5 and later) speaks it: the metadata endpoint names the
 * newest build of the edition and its MD5; when that is the MD5 of the file in use there is nothing to
 * do, else the build is downloaded as `.tar.gz` and its `.mmdb` must have the announced MD5.
 */
async function fetchMaxmind(source: FileSource & { kind: 'maxmind' }, ctx: UpdateContext, base: ProvenanceRecord): Promise<Fresh | null> {
  const account = ctx.settings.maxmind as MaxmindAccount;
  const auth = { authorization: `Basic ${Buffer.from(`${account.accountId}:${account.licenseKey.reveal()}`).toString('base64')}` };
  const common = { maxBytes: ctx.settings.maxBytes, timeoutMs: ctx.settings.timeoutMs, dispatcher: ctx.dispatcher, headers: auth };
  const metaUrl = `${account.host}/geoip/updates/metadata?edition_id=${encodeURIComponent(source.edition)}`;
  const meta = await download(metaUrl, { ...common, maxBytes: 64 * 1024 });
  if (meta.status !== 'ok') throw new DownloadError(metaUrl, 'unexpected 304 from the metadata endpoint');
  let parsed;
  try {
    parsed = maxmindMetadata.parse(JSON.parse(meta.body.toString('utf8')));
  } catch {
    throw new DownloadError(metaUrl, 'the metadata answer is not the JSON MaxMind sends');
  }
  const latest = parsed.databases.find((d) => d.edition_id === source.edition);
  if (latest === undefined) throw new DownloadError(metaUrl, `the metadata does not name ${source.edition}`);
  const currentMd5 = base.detail ?? (await fileHash(source.file, 'md5'));
  if (currentMd5 === latest.md5) return null;
  const url = `${account.host}/geoip/databases/${encodeURIComponent(source.edition)}/download?date=${latest.date.replace(/-/g, '')}&suffix=tar.gz`;
  const got = await download(url, common);
  if (got.status !== 'ok') throw new DownloadError(url, 'unexpected 304 from the download endpoint');
  const mmdb = mmdbFromTar(got.body, ctx.settings.maxBytes);
  const md5 = md5Of(mmdb.data);
  if (md5 !== latest.md5) throw new VerificationError(`${mmdb.name}: its MD5 ${md5} is not the one MaxMind announced (${latest.md5}): a damaged download`);
  return { data: mmdb.data, built: null, detail: `${source.edition} ${latest.date}`, etag: null, lastModified: null, md5 };
}

async function updatePresets(source: SourceSettings & { kind: 'presets' }, ctx: UpdateContext, base: ProvenanceRecord): Promise<UpdateResult> {
  const installed = installedPresets(ctx.presetsRoot);
  const sameBundle = installed !== null && installed.sha256 === base.sha256;
  const got = await download(source.url, { maxBytes: ctx.settings.maxBytes, timeoutMs: ctx.settings.timeoutMs, dispatcher: ctx.dispatcher, etag: sameBundle ? base.etag : null, lastModified: sameBundle ? base.last_modified : null });
  const clean = { last_error: null, last_error_at: null };
  if (got.status === 'not_modified') return { name: source.name, kind: 'presets', outcome: 'unchanged', detail: 'not modified', record: { ...base, ...clean } };
  const bundle = openBundle(got.body, source.publicKey);
  const validators = { etag: got.etag, last_modified: got.lastModified };
  if (installed !== null && installed.sha256 === bundle.sha256) {
    return { name: source.name, kind: 'presets', outcome: 'unchanged', detail: 'same bundle as the one installed', record: { ...base, ...validators, ...clean, sha256: bundle.sha256, built: bundle.built, detail: installed.path } };
  }
  const path = await installBundle(ctx.presetsRoot, bundle);
  const changed = ctx.now().toISOString();
  return {
    name: source.name,
    kind: 'presets',
    outcome: 'changed',
    detail: `bundle built ${bundle.built} installed (${Object.keys(bundle.files).length} files); the policy uses it when it is next loaded`,
    record: { ...base, ...validators, ...clean, sha256: bundle.sha256, built: bundle.built, changed, detail: path },
  };
}
