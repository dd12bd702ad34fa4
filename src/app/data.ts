/**
 * The data updater wired from config (`updates:`, docs/data.md): the schedule in the gateway, the
 * provenance of every datum in use (status rows, the data-version id for decision records, `/readyz`'s
 * staleness warning, `/metrics`' ages), and reloads of the origin after an update so new data applies
 * at once. Wiring only: what an update is, is src/data-updates/.
 */
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { createUpdater, dataStatus, dataVersionId, folderHash, HashCache, installedPresets, staleness, VersionLog, type DataSourceStatus, type UpdateResult } from '../data-updates/index.js';
import type { Logger } from '../observability/logger.js';
import { defaultPresetsDir, presetCatalogBuilt, type PresetCatalog } from '../policy/index.js';
import type { OriginHandle } from './origin.js';
import { presetsDir } from './policy-context.js';

export interface DataSnapshot {
  readonly rows: readonly DataSourceStatus[];
  /** The id of the data in use (`dv_…`), recorded in each decision record; null until first computed. */
  readonly version: string | null;
}

export interface DataHandle {
  /** The status of every source now (file hashes cached by identity). */
  status(): Promise<DataSourceStatus[]>;
  /** The last computed status and data-version id: what `/readyz`, `/metrics` and decision records read, at no cost. */
  snapshot(): DataSnapshot;
  /** Recomputes the snapshot (after an update, and every minute: a file replaced by another tool counts too). */
  refresh(): Promise<{ readonly rows: readonly DataSourceStatus[]; readonly version: string }>;
  /** Runs the updater (all sources, or the named ones), reloads the origin when anything changed, refreshes. */
  update(names?: readonly string[]): Promise<UpdateResult[]>;
  /** `/readyz`: ok unless a source is older than its maximum age; never makes the gateway unready. */
  readiness(): { ok: boolean; detail?: string };
  /** The entries of `data_dir/data-state/versions.jsonl` for a data-version id. */
  explain(id: string): ReturnType<VersionLog['find']>;
  close(): Promise<void>;
}

export interface OpenDataOptions {
  /** Run the schedule (the gateway); false for the CLI and tests. */
  readonly background: boolean;
  readonly now?: () => Date;
  /** The preset catalog in use, for the shipped presets' date. */
  readonly presets?: PresetCatalog;
  readonly refreshMs?: number;
}

/** The newest date a preset list was read on: how current the shipped presets are. */
function presetsBuilt(catalog: PresetCatalog | undefined): string | null {
  return catalog === undefined ? null : presetCatalogBuilt(catalog);
}

export async function openData(config: Config, origin: OriginHandle, logger: Logger, options: OpenDataOptions): Promise<DataHandle> {
  const now = options.now ?? (() => new Date());
  const stateDir = join(config.dataDir, 'data-state');
  const presetsRoot = join(config.dataDir, 'presets');
  const updater = createUpdater(config.updates, { stateDir, presetsRoot, now });
  const hashes = new HashCache(join(config.dataDir, 'cache', 'file-hashes.json'));
  const versions = new VersionLog(join(stateDir, 'versions.jsonl'));

  async function presetInputs() {
    const installed = config.updates.sources.some((s) => s.kind === 'presets') ? installedPresets(presetsRoot) : null;
    if (installed !== null) return { origin: 'preset bundle', path: installed.path, built: installed.built, sha256: installed.sha256 };
    const dir = presetsDir(config);
    return { origin: dir === defaultPresetsDir() ? 'bundled with Cordon' : 'preset folder', path: dir, built: presetsBuilt(options.presets), sha256: await folderHash(dir) };
  }

  const status = async () => dataStatus(config.updates, updater.provenance, { geo: origin.service.status(), lists: config.origin.lists, presets: await presetInputs(), now: now() }, hashes);
  let snapshot: DataSnapshot = { rows: [], version: null };
  async function refresh(): Promise<{ rows: DataSourceStatus[]; version: string }> {
    const rows = await status();
    const version = dataVersionId(rows);
    snapshot = { rows, version };
    try {
      await versions.record(version, rows, now());
    } catch (error) {
      logger.log('warn', 'the data-version log could not be written', { error: String(error) });
    }
    return { rows, version };
  }

  async function update(names: readonly string[] = [], due = false): Promise<UpdateResult[]> {
    const results = await updater.run({ names, due });
    for (const r of results) {
      if (r.outcome === 'failed') logger.log('error', 'data update failed; the data in use is kept', { source: r.name, error: r.detail });
      else logger.log('info', `data ${r.outcome}`, { source: r.name, detail: r.detail });
    }
    if (results.some((r) => r.outcome === 'changed')) {
      // Reload now rather than at the watcher's next poll, so the snapshot below names the data in use.
      await Promise.all([origin.service.reloadAll(), origin.lists.reload()]);
    }
    await refresh();
    return results;
  }

  // The gateway does not wait for the first hashes (a fresh data folder hashes ~80 MB of bundled data):
  // until they are known, decision records leave the data version out, as records before it did.
  if (options.background) void refresh().catch((error: unknown) => logger.log('error', 'data status failed', { error: String(error) }));
  else await refresh();
  const timers: NodeJS.Timeout[] = [];
  if (options.background) {
    const refresher = setInterval(() => void refresh().catch(() => undefined), options.refreshMs ?? 60_000);
    refresher.unref();
    timers.push(refresher);
    if (config.updates.scheduled && config.updates.sources.length > 0) {
      const tick = () => void update([], true).catch((error: unknown) => logger.log('error', 'data update run failed', { error: String(error) }));
      // At start only sources not checked within the interval (a restart does not ask every origin again).
      const first = setTimeout(tick, 1000);
      first.unref();
      // Ticks at most hourly, each running only the sources due: a failed check is retried within the hour, not a day later.
      const every = setInterval(tick, Math.min(config.updates.intervalMinutes, 60) * 60_000);
      every.unref();
      timers.push(first, every);
    }
  }

  return {
    status,
    snapshot: () => snapshot,
    refresh,
    update: (names) => update(names ?? []),
    readiness: () => {
      if (snapshot.version === null) return { ok: true, detail: 'data status not computed yet' };
      const stale = staleness(snapshot.rows);
      return stale === null ? { ok: true, detail: `${snapshot.rows.length} data sources, none stale (${snapshot.version})` } : { ok: false, detail: `stale data: ${stale}` };
    },
    explain: (id) => versions.find(id),
    close: async () => {
      for (const t of timers.splice(0)) clearTimeout(t);
      await updater.close();
    },
  };
}
