/**
 * The updater: every configured source updated one after another (`cordon data update`, and the
 * gateway's schedule), and the schedule itself. A source checked more recently than the interval is
 * skipped by the schedule (a restart does not ask every origin again); `cordon data update` asks anyway.
 */
import { loadSubdivisionNames, type SubdivisionNames } from '../origin/mmdb/index.js';
import { downloadDispatcher } from './download.js';
import { ProvenanceStore } from './provenance.js';
import type { SourceSettings, UpdateSettings } from './settings.js';
import { updateSource, type UpdateContext, type UpdateResult } from './update-source.js';

/** How soon a source whose last update failed is tried again by the schedule. */
const RETRY_MINUTES = 60;

export interface UpdaterOptions {
  /** `data_dir/data-state`: one provenance file per source. */
  readonly stateDir: string;
  /** `data_dir/presets`: where preset bundles are installed. */
  readonly presetsRoot: string;
  readonly now?: () => Date;
}

export interface Updater {
  /** Updates the named sources (all when empty); `due`: only those not checked within the interval. */
  run(options?: { readonly names?: readonly string[]; readonly due?: boolean }): Promise<UpdateResult[]>;
  readonly provenance: ProvenanceStore;
  close(): Promise<void>;
}

export function createUpdater(settings: UpdateSettings, options: UpdaterOptions): Updater {
  const now = options.now ?? (() => new Date());
  const dispatcher = downloadDispatcher();
  const provenance = new ProvenanceStore(options.stateDir);
  let names: Promise<SubdivisionNames> | null = null;
  const ctx: UpdateContext = { settings, provenance, dispatcher, names: () => (names ??= loadSubdivisionNames()), presetsRoot: options.presetsRoot, now };
  let running: Promise<UpdateResult[]> | null = null;
  let closed = false;

  /** Not checked within the interval; after a failure, within the hour (or the interval, when shorter). */
  async function isDue(source: SourceSettings): Promise<boolean> {
    const record = await provenance.read(source.name);
    if (record?.checked == null) return true;
    const minutes = record.last_error === null ? settings.intervalMinutes : Math.min(settings.intervalMinutes, RETRY_MINUTES);
    return now().getTime() - Date.parse(record.checked) >= minutes * 60_000;
  }

  async function runOnce(wanted: readonly string[], due: boolean): Promise<UpdateResult[]> {
    const results: UpdateResult[] = [];
    for (const source of settings.sources) {
      if (wanted.length > 0 && !wanted.includes(source.name)) continue;
      if (due && !(await isDue(source))) continue;
      results.push(await updateSource(source, ctx));
    }
    return results;
  }

  return {
    provenance,
    // One run at a time: a scheduled run and an admin-triggered one never write the same file together.
    run: async (o = {}) => {
      while (running !== null) await running.catch(() => undefined);
      running = runOnce(o.names ?? [], o.due ?? false);
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    // Idempotent: an app closed twice (a test's cleanup after a restart) must not fail on a closed dispatcher.
    close: async () => {
      await running?.catch(() => undefined);
      if (!closed) {
        closed = true;
        await dispatcher.close();
      }
    },
  };
}

/** Unknown names in `wanted`, for a usage error. */
export function unknownSources(settings: UpdateSettings, wanted: readonly string[]): string[] {
  const known = new Set(settings.sources.map((s) => s.name));
  return wanted.filter((n) => !known.has(n));
}
