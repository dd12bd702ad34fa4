/**
 * One configured MMDB file and the data currently in use for it.
 *
 * Reload semantics: the new file is read, verified and probed in full (`openMmdbSource`) while the
 * old data keeps answering; only then is `current` replaced, in one assignment, so a lookup sees
 * either the old data or the new, never a mix. A file that fails is refused with an event and a
 * status entry naming it and the reason; the previous data stays in use. Reloads of one slot run one
 * at a time; changes that arrive during a reload cause one more reload after it.
 */
import type { GeoEvent, GeoFileStatus } from './geo-types.js';
import { GeoDataError, openMmdbSource, type DatabaseRole, type MmdbSource, type SubdivisionNames, type VerifiedFiles } from '../mmdb/index.js';

export interface SlotContext {
  readonly names: SubdivisionNames;
  /** Files verified before; absent: every open verifies in full. */
  readonly verified?: VerifiedFiles;
  readonly emit: (event: GeoEvent) => void;
  readonly now: () => Date;
}

export class DatabaseSlot<R extends DatabaseRole> {
  /** The data in use; replaced atomically on a successful reload. */
  current: MmdbSource<R> | null = null;
  private loadedAt: Date | null = null;
  private lastError: string | null = null;
  private lastErrorAt: Date | null = null;
  private reloads = 0;
  private running: Promise<void> | null = null;
  private pending = false;

  constructor(
    readonly path: string,
    readonly role: R,
    private readonly context: SlotContext,
  ) {}

  /** Opens (or re-opens) the file; never rejects: failures become events and status. */
  reload(): Promise<void> {
    if (this.running !== null) {
      this.pending = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.pending = false;
        await this.openAndSwap();
      } while (this.pending);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async openAndSwap(): Promise<void> {
    const { emit, now, names } = this.context;
    const replacing = this.current !== null;
    try {
      const next = await openMmdbSource(this.path, this.role, names, this.context.verified);
      this.current = next;
      this.loadedAt = now();
      this.lastError = null;
      this.lastErrorAt = null;
      if (replacing) this.reloads++;
      emit({ type: replacing ? 'reloaded' : 'loaded', role: this.role, path: this.path, at: this.loadedAt, ms: next.info.openMs });
    } catch (error) {
      const message = error instanceof GeoDataError ? error.message : `${this.path}: ${String(error)}`;
      this.lastError = message;
      this.lastErrorAt = now();
      emit({ type: replacing ? 'reload_failed' : 'load_failed', role: this.role, path: this.path, at: this.lastErrorAt, error: message });
    }
  }

  /** Gives the data's memory back: for a stand-in no longer consulted (stand-in.ts), never for a configured file. */
  release(): void {
    this.current = null;
  }

  status(): GeoFileStatus {
    const info = this.current?.info ?? null;
    return {
      role: this.role,
      path: this.path,
      loaded: info !== null,
      schema: info?.schema ?? null,
      type: info?.databaseType ?? null,
      ipVersion: info?.ipVersion ?? null,
      buildDate: info?.buildEpoch.toISOString() ?? null,
      version: null,
      nodeCount: info?.nodeCount ?? null,
      recordCount: info?.recordCount ?? null,
      loadedAt: this.loadedAt?.toISOString() ?? null,
      loadMs: info === null ? null : Math.round(info.openMs),
      reloads: this.reloads,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt?.toISOString() ?? null,
    };
  }
}
