/**
 * Reading the audit journal's files (audit-journal.ts): a database's files, whole lines from a
 * descriptor parsed as record bodies, and the file-system calls that treat "already gone" as an
 * answer rather than an error.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readSync, statSync, unlinkSync } from 'node:fs';
import { parseCanonicalBody, type AuditEntry } from '../../audit/index.js';

/** A journal line read back: the entry, its canonical data text and the line itself (its canonical body). */
export interface JournalLine {
  readonly entry: AuditEntry;
  readonly dataJson: string;
  readonly body?: string;
}

/**
 * Bytes read per line wanted: a decision record's line is about 1.5 KB, a usage record's 0.5 KB. A read
 * that holds no whole line is retried four times larger, so a longer line is still read whole.
 */
const READ_BYTES_PER_LINE = 2048;
const MIN_READ_BYTES = 16 << 10;

export interface ReadLines {
  readonly lines: JournalLine[];
  /** Lines consumed, records or not. */
  readonly consumed: number;
  /** Just past the last line consumed. */
  readonly end: number;
  /** The read reached the end of the file (so a tail without newline is the file's last, partial line). */
  readonly whole: boolean;
}

/** Up to `limit` whole lines from `from`, reading more when one line is longer than a read. */
export function readLines(fd: number, from: number, size: number, limit: number, skipped: (text: string, at: number) => void): ReadLines {
  for (let want = Math.min(size - from, Math.max(MIN_READ_BYTES, limit * READ_BYTES_PER_LINE)); ; want = Math.min(size - from, want * 4)) {
    const buffer = Buffer.allocUnsafe(want);
    const got = readSync(fd, buffer, 0, want, from);
    const bytes = buffer.subarray(0, got);
    const lines: JournalLine[] = [];
    let consumed = 0;
    let pos = 0;
    while (consumed < limit) {
      const nl = bytes.indexOf(10, pos);
      if (nl === -1) break;
      const text = bytes.toString('utf8', pos, nl);
      try {
        lines.push(parseCanonicalBody(text));
      } catch {
        skipped(text, from + pos);
      }
      consumed++;
      pos = nl + 1;
    }
    const whole = from + got >= size;
    if (consumed > 0 || whole) return { lines, consumed, end: from + pos, whole };
  }
}

const FILE_NAME = /^([0-9a-f]{16})-\d+-[0-9a-f]{16}\.jsonl$/;

/**
 * The journal files in `dir` (`<database id>-<pid>-<16 hex>.jsonl`): this database's, sorted, and the
 * first one found of another database (never sealed into this one), or null. None when `dir` is missing.
 */
export function journalFiles(dir: string, database: string): { readonly mine: string[]; readonly foreign: string | null } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { mine: [], foreign: null };
    throw error;
  }
  const mine: string[] = [];
  let foreign: string | null = null;
  for (const name of names) {
    const id = FILE_NAME.exec(name)?.[1];
    if (id === undefined) continue;
    if (id === database) mine.push(name);
    else foreign ??= name;
  }
  return { mine: mine.sort(), foreign };
}

/** Null when the file is gone (sealed and removed meanwhile). */
export function openIfThere(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export function statIfThere(path: string): { readonly size: number; readonly mtimeMs: number } | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
