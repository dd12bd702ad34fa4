/**
 * MMDB files verified in full before, by identity: device, inode, size, modification and change time.
 * A file opened again unchanged (every CLI call on the bundled data, a restart) is not walked again;
 * a file that changed in any way (a new download, an edit, a copy over it) has a new identity and is
 * verified before use, as always. The stamps live in one JSON file in the cache folder, written beside
 * itself and renamed into place; a stamp file that is missing or unreadable only means "verify again".
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import type { MmdbLayout } from './mmdb-verify.js';

/** What opening needs from a verification, without its sample record (detection's result is kept instead). */
export type VerifiedLayout = Omit<MmdbLayout, 'sample' | 'buildEpoch'> & { readonly buildEpoch: string; readonly detected: { readonly role: string; readonly schema: string } };

interface Stamp {
  readonly identity: string;
  readonly layout: VerifiedLayout;
}

function identityOf(stat: Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
}

export class VerifiedFiles {
  #stamps: Promise<Map<string, Stamp>> | null = null;

  /** `file`: the stamp file; null keeps no stamps (every open verifies). */
  constructor(private readonly file: string | null) {}

  /** The layout recorded when this very file was verified, or null. */
  async find(path: string, stat: Stats): Promise<VerifiedLayout | null> {
    if (this.file === null) return null;
    const stamp = (await this.#load()).get(path);
    return stamp !== undefined && stamp.identity === identityOf(stat) ? stamp.layout : null;
  }

  /** Records that this file was verified; a stamp that cannot be written is only a slower next start. */
  async record(path: string, stat: Stats, layout: VerifiedLayout): Promise<void> {
    if (this.file === null) return;
    const stamps = await this.#load();
    stamps.set(path, { identity: identityOf(stat), layout });
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(temp, JSON.stringify(Object.fromEntries(stamps)));
      await rename(temp, this.file);
    } catch {
      /* read-only cache folder: verify again next time */
    }
  }

  #load(): Promise<Map<string, Stamp>> {
    this.#stamps ??= readFile(this.file as string, 'utf8')
      .then((text) => new Map(Object.entries(JSON.parse(text) as Record<string, Stamp>)))
      .catch(() => new Map<string, Stamp>());
    return this.#stamps;
  }
}
