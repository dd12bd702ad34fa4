/**
 * Files written beside the one they replace and renamed over it: a reader (the geo service's watcher,
 * the list loader, another process) sees the old file or the new one, never a half-written one. The
 * temporary name starts with the target's, so it lands in the same folder (same file system: rename
 * is atomic) and a crash leaves it where an operator sees what it was.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';

/** Where `target`'s replacement is written first. */
export function besidePath(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.download`);
}

/** Writes `data` to a new file beside `target` and syncs it to disk; returns its path. */
export async function writeBeside(target: string, data: Buffer | string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const temp = besidePath(target);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

/** Renames the verified file over `target`. */
export async function swapInto(temp: string, target: string): Promise<void> {
  await rename(temp, target);
}

/** Removes a file that was not swapped in (verification failed). */
export async function discard(temp: string): Promise<void> {
  await rm(temp, { force: true, recursive: true });
}

/** Writes `data` beside `target` and renames it over: for small state files. */
export async function writeAtomically(target: string, data: string): Promise<void> {
  const temp = await writeBeside(target, data);
  await swapInto(temp, target);
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** MaxMind names its builds by MD5 (not for security: the download is checked against it for damage). */
export function md5Of(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** The file's SHA-256 (or MD5: MaxMind's protocol), streamed; null when there is no file. */
export async function fileHash(path: string, algorithm: 'sha256' | 'md5' = 'sha256'): Promise<string | null> {
  const hash = createHash(algorithm);
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
  return hash.digest('hex');
}

/** One hash over a folder's files (relative path and bytes, in path order): the shipped presets' identity. */
export async function folderHash(dir: string): Promise<string | null> {
  try {
    const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    const files = entries.map((e) => join(e.parentPath, e.name)).sort();
    const hash = createHash('sha256');
    for (const file of files) hash.update(`${relative(dir, file)}\0`).update(await readFile(file)).update('\0');
    return hash.digest('hex');
  } catch {
    return null;
  }
}
