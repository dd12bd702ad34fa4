/**
 * Which files a data-version id stood for (`data_version` in decision records): appended to
 * `data_dir/data-state/versions.jsonl` the first time this process uses an id, so an old decision can
 * be explained with the data of its day (`cordon data status --version ID`). One line per version
 * change: a handful a month.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DataSourceStatus } from './data-status.js';

export interface VersionEntry {
  readonly id: string;
  /** When this process first used it. */
  readonly since: string;
  readonly sources: ReadonlyArray<Pick<DataSourceStatus, 'name' | 'origin' | 'built' | 'sha256'>>;
}

export class VersionLog {
  /** Ids already in the file (read once), so each id is written once however many processes start. */
  private known: Set<string> | null = null;
  constructor(readonly file: string) {}

  async record(id: string, rows: readonly DataSourceStatus[], at: Date): Promise<void> {
    this.known ??= new Set((await this.entries()).map((e) => e.id));
    if (this.known.has(id)) return;
    const entry: VersionEntry = { id, since: at.toISOString(), sources: rows.map((r) => ({ name: r.name, origin: r.origin, built: r.built, sha256: r.sha256 })) };
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(entry)}\n`);
    this.known.add(id);
  }

  /** The entry for `id` (two processes starting together may both have written it), oldest first. */
  async find(id: string): Promise<VersionEntry[]> {
    return (await this.entries()).filter((e) => e.id === id);
  }

  private async entries(): Promise<VersionEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: VersionEntry[] = [];
    for (const line of text.split('\n')) {
      try {
        if (line.trim() !== '') out.push(JSON.parse(line) as VersionEntry);
      } catch {
        /* a line cut by a crash: the others still explain their versions */
      }
    }
    return out;
  }
}
