/**
 * Calls back when a file changes, once it has been quiet for a moment.
 *
 * Uses `fs.watchFile` (stat polling) rather than `fs.watch`: database updates usually replace the
 * file by rename, which an inode watch loses, and polling a few files every second or two costs
 * nothing. The poll does not keep the process alive. Changes closer together than `debounceMs`
 * (a large file being copied in) give one callback, after the last of them.
 */
import { unwatchFile, watchFile, type Stats } from 'node:fs';

export interface WatchOptions {
  /** Stat polling interval. */
  readonly intervalMs: number;
  /** Quiet time after the last change before `onChange` runs. */
  readonly debounceMs: number;
}

/** Starts watching; returns the function that stops it. */
export function watchForChanges(path: string, options: WatchOptions, onChange: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const listener = (current: Stats, previous: Stats) => {
    const changed =
      current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino;
    if (!changed) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, options.debounceMs);
    timer.unref();
  };
  watchFile(path, { interval: options.intervalMs, persistent: false }, listener);
  return () => {
    unwatchFile(path, listener);
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
}
