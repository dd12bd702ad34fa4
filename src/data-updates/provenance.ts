/**
 * What the updater knows about each source it keeps (docs/data.md, "Provenance"): where the data came
 * from, when it was built, its hash, when it was last checked and last changed, the validators for the
 * next conditional request, and the last failure. One small JSON file per source under
 * `data_dir/data-state/`, written atomically, so the gateway's schedule and `cordon data update` in
 * another process never overwrite each other's sources.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeAtomically } from './swap.js';

const recordSchema = z.object({
  name: z.string(),
  origin: z.string(),
  /** ISO date the data was built (MMDB build epoch, Last-Modified, the bundle's date). */
  built: z.string().nullable(),
  sha256: z.string().nullable(),
  /** Last time the source was asked for news (whatever the answer). */
  checked: z.string().nullable(),
  /** Last time new data replaced the old. */
  changed: z.string().nullable(),
  etag: z.string().nullable(),
  last_modified: z.string().nullable(),
  /** MaxMind's MD5 of the file in use; a preset bundle's installed folder. */
  detail: z.string().nullable(),
  last_error: z.string().nullable(),
  last_error_at: z.string().nullable(),
});

export type ProvenanceRecord = z.infer<typeof recordSchema>;

export function emptyRecord(name: string, origin: string): ProvenanceRecord {
  return { name, origin, built: null, sha256: null, checked: null, changed: null, etag: null, last_modified: null, detail: null, last_error: null, last_error_at: null };
}

export class ProvenanceStore {
  constructor(readonly dir: string) {}

  private file(name: string): string {
    return join(this.dir, `${name}.json`);
  }

  /** The record of `name`, or null when it was never updated (or its file is unreadable: then it starts over). */
  async read(name: string): Promise<ProvenanceRecord | null> {
    try {
      const parsed = recordSchema.safeParse(JSON.parse(await readFile(this.file(name), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async write(record: ProvenanceRecord): Promise<void> {
    await writeAtomically(this.file(record.name), `${JSON.stringify(record, null, 2)}\n`);
  }
}
