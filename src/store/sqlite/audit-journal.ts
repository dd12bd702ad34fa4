/**
 * The SQLite audit log's journal (ADR 0015). A gateway process appends its records to a file of its own
 * in `<database>-audit/`, one `write()` per group-commit batch, each record one line: its canonical
 * body, the exact bytes its hash will cover. An append is acknowledged once the write returned — in the
 * operating system's page cache, like a SQLite commit with `synchronous=NORMAL` (with `full` the file is
 * also `fdatasync`ed). The request path never opens a SQLite transaction for its evidence.
 *
 * Sealing moves journal lines into `audit_log`, in order: the head is read, each line is chained after
 * it and inserted, and `audit_journal` records how far the file is sealed — all in one SQLite write
 * transaction, so a line becomes exactly one record whichever process seals it, and a crash anywhere
 * leaves the rest for the next step. Any process that opens the database seals: the writer in the
 * background a moment after it appends, and every reader of the log or its projections before it
 * reads, so nothing reads a log that lacks an acknowledged record.
 *
 * Files are named `<database id>-<pid>-<16 hex>.jsonl` and never reused; files of another database (one
 * deleted and created again beside its old journals) are left alone. A file is removed by its writer once sealed
 * (on close, or when it has grown past ROTATE_BYTES), or by anyone once it is sealed and has not been
 * written for STALE_MS (its process died; a live writer touches its file every HEARTBEAT_MS).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  futimesSync,
  mkdirSync,
  openSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { GroupCommit } from '../shared/group-commit.js';
import { journalFiles, openIfThere, readLines, statIfThere, syncDirectory, unlinkIfThere, type JournalLine } from './journal-files.js';

export type { JournalLine } from './journal-files.js';

export interface AuditJournalOptions {
  /** The directory of journal files: the database path followed by `-audit`. */
  readonly dir: string;
  /** This process appends to a journal of its own (the gateway); false: it only seals (the CLI). */
  readonly write: boolean;
  /** `full`: every batch is `fdatasync`ed before it is acknowledged. */
  readonly synchronous: 'normal' | 'full';
  readonly now: () => number;
  /** A line that is not a record, a torn tail, a file that could not be tidied. */
  readonly onProblem: (message: string, detail: Readonly<Record<string, unknown>>) => void;
  /** A writer starts a new file once its file is sealed and this large (default ROTATE_BYTES). */
  readonly rotateBytes?: number;
}

/** A writer starts a new file once its file is sealed and this large. */
const ROTATE_BYTES = 64 << 20;
/** A sealed file nobody has written for this long belongs to a process that is gone. */
const STALE_MS = 10 * 60_000;
/** How often a writer touches its file (so it never looks stale) and tidies the directory. */
const HEARTBEAT_MS = 60_000;
/**
 * How long the background steps reuse their listing of the other processes' journals (a `readdir` per
 * step cost more than a microsecond per request). Readers flush first, which lists again, so a read still
 * finds every file written before it.
 */
const LISTING_MS = 1000;

interface OwnFile {
  readonly name: string;
  readonly fd: number;
  /** Bytes written and acknowledged. */
  size: number;
}

export class AuditJournal {
  readonly #options: AuditJournalOptions;
  readonly #writes: GroupCommit<string, void>;
  readonly #sealedTo: Database.Statement<[string], number>;
  readonly #advance: Database.Statement<[string, number]>;
  readonly #forget: Database.Statement<[string]>;
  /** This database's id (audit_journal_database), the prefix of its journals' names. */
  readonly #database: string;
  #foreignReported = false;
  /** The other processes' journals as last listed, and when (`take` reuses it for LISTING_MS). */
  #listing: { readonly at: number; readonly names: readonly string[] } | null = null;
  #own: OwnFile | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(db: Database.Database, options: AuditJournalOptions) {
    this.#options = options;
    this.#database = db.prepare<[], string>('SELECT id FROM audit_journal_database').pluck().get() ?? 'none';
    this.#sealedTo = db.prepare<[string], number>('SELECT offset FROM audit_journal WHERE file = ?').pluck();
    this.#advance = db.prepare<[string, number]>('INSERT INTO audit_journal (file, offset) VALUES (?, ?) ON CONFLICT (file) DO UPDATE SET offset = excluded.offset');
    this.#forget = db.prepare<[string]>('DELETE FROM audit_journal WHERE file = ?');
    // Every write error is the journal's (a full disk, a removed directory): the batch fails whole.
    this.#writes = new GroupCommit<string, void>({ commit: (texts) => this.#write(texts), isOpen: () => !this.#closed, isStoreFailure: () => true });
    if (options.write) {
      this.#heartbeat = setInterval(() => this.tidy(), HEARTBEAT_MS);
      this.#heartbeat.unref();
    }
  }

  /** True when appends go to this journal (else they commit to SQLite directly). */
  get writing(): boolean {
    return this.#options.write && !this.#closed;
  }

  /** Appends record bodies (each followed by a newline); resolves once written (and synced, with `full`). */
  append(text: string, lazy: boolean): Promise<void> {
    return lazy ? this.#writes.submitLazy(text) : this.#writes.submit(text);
  }

  /** Writes everything submitted so far; the next `take` lists the other processes' journals again. */
  flush(): Promise<void> {
    this.#listing = null;
    return this.#writes.flush();
  }

  /**
   * Inside the caller's write transaction: hands up to `limit` unsealed lines to `seal` — this process's
   * file first, then the others' — and records how far each file is sealed. Returns how many lines it
   * consumed (fewer than `limit`: nothing more is waiting).
   */
  take(limit: number, seal: (lines: readonly JournalLine[]) => void): number {
    let taken = 0;
    const own = this.#own;
    if (own !== null) taken += this.#takeFile(own.name, own.fd, own.size, limit, seal, false);
    for (const name of this.#listedOthers()) {
      if (taken >= limit) break;
      const fd = openIfThere(join(this.#options.dir, name));
      if (fd === null) continue;
      try {
        const stat = fstatSync(fd);
        taken += this.#takeFile(name, fd, stat.size, limit - taken, seal, this.#stale(stat.mtimeMs));
      } finally {
        closeSync(fd);
      }
    }
    return taken;
  }

  /** Bytes written to this database's journals and not yet sealed (a gauge: it grows only while sealing fails). */
  unsealedBytes(): number {
    let bytes = 0;
    const own = this.#own;
    if (own !== null) bytes += Math.max(0, own.size - (this.#sealedTo.get(own.name) ?? 0));
    for (const name of this.#others()) {
      const stat = statIfThere(join(this.#options.dir, name));
      if (stat !== null) bytes += Math.max(0, stat.size - (this.#sealedTo.get(name) ?? 0));
    }
    return bytes;
  }

  /**
   * Outside transactions: the writer touches its file and starts a new one when it is sealed and large
   * (or was removed from under it); sealed files of processes that are gone are removed.
   */
  tidy(): void {
    try {
      this.#tidyOwn();
      for (const name of this.#others()) {
        const path = join(this.#options.dir, name);
        const stat = statIfThere(path);
        if (stat === null || !this.#stale(stat.mtimeMs) || (this.#sealedTo.get(name) ?? 0) < stat.size) continue;
        unlinkIfThere(path); // another process may have tidied it first
        this.#forget.run(name);
      }
    } catch (error) {
      this.#options.onProblem('audit journal not tidied', { error: String(error) });
    }
  }

  /**
   * Stops appending: writes what was submitted, seals everything (`sealAll` runs the transaction) and
   * removes this process's file. When sealing fails the file stays for the next process to seal.
   */
  async close(sealAll: () => void): Promise<void> {
    await this.flush();
    this.#closed = true;
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    const own = this.#own;
    if (own === null) return;
    try {
      sealAll(); // its own file still read through its descriptor (even if removed from under it)
      if ((this.#sealedTo.get(own.name) ?? 0) === own.size) {
        unlinkIfThere(join(this.#options.dir, own.name));
        this.#forget.run(own.name);
      }
    } catch (error) {
      this.#options.onProblem('audit journal not sealed at close; the next process to open the store seals it', { file: own.name, error: String(error) });
    } finally {
      this.#own = null;
      closeSync(own.fd);
    }
  }

  #write(texts: readonly string[]): void[] {
    const own = this.#own ?? this.#open();
    const bytes = Buffer.from(texts.length === 1 ? (texts[0] as string) : texts.join(''));
    // A write that throws wrote nothing (a regular file reports an error after a partial write on the next call).
    const written = writeSync(own.fd, bytes);
    own.size += written;
    if (written !== bytes.length) {
      this.#abandon(own);
      throw new Error(`short write to the audit journal (${written} of ${bytes.length} bytes)`);
    }
    // A failed sync rejects the batch; its lines are whole and stay (they may be sealed: records of refused requests).
    if (this.#options.synchronous === 'full') fdatasyncSync(own.fd);
    return texts.map(() => undefined);
  }

  /**
   * After a short write the file is left as it is and the next write starts a new one. Cutting
   * it back instead could leave a reader of another process with a sealed offset past the new end of
   * the file. The failed batch's partial last line is never sealed (nobody writes after it; once the file
   * is stale it is skipped); whole lines before it may be sealed — records of requests that were then
   * refused, never a missing record.
   */
  #abandon(own: OwnFile): void {
    if (this.#own === own) this.#own = null;
    try {
      closeSync(own.fd);
    } catch {
      // already gone
    }
  }

  #open(): OwnFile {
    const { dir } = this.#options;
    mkdirSync(dir, { recursive: true });
    const name = `${this.#database}-${process.pid}-${randomBytes(8).toString('hex')}.jsonl`;
    const fd = openSync(join(dir, name), 'a+'); // the umask decides its mode, as for the database's own files
    if (this.#options.synchronous === 'full') syncDirectory(dir);
    this.#own = { name, fd, size: 0 };
    return this.#own;
  }

  #takeFile(name: string, fd: number, size: number, limit: number, seal: (lines: readonly JournalLine[]) => void, stale: boolean): number {
    const from = this.#sealedTo.get(name) ?? 0;
    if (from >= size) return 0;
    const read = readLines(fd, from, size, limit, (text, at) => this.#options.onProblem('audit journal line is not a record; skipped', { file: name, offset: at, text: text.slice(0, 200) }));
    let end = read.end;
    if (read.consumed < limit && read.whole && end < size && stale) {
      // A last line without its newline in a file nobody writes: a write cut short by a crash, never acknowledged.
      this.#options.onProblem('audit journal ends in a partial line (a write the process did not finish); skipped', { file: name, offset: end, bytes: size - end });
      end = size;
    }
    if (end === from) return 0;
    if (read.lines.length > 0) seal(read.lines);
    this.#advance.run(name, end);
    return read.consumed;
  }

  #tidyOwn(): void {
    const own = this.#own;
    if (own === null) return;
    const stat = fstatSync(own.fd);
    const now = this.#options.now() / 1000;
    futimesSync(own.fd, now, now);
    const removed = stat.nlink === 0;
    if (!removed && own.size < (this.#options.rotateBytes ?? ROTATE_BYTES)) return;
    if ((this.#sealedTo.get(own.name) ?? 0) < own.size) return; // not sealed yet: the next tidy
    this.#own = null;
    closeSync(own.fd);
    if (!removed) unlinkSync(join(this.#options.dir, own.name));
    this.#forget.run(own.name);
  }

  /** `#others()`, listed again once the last listing is LISTING_MS old (or a reader flushed). */
  #listedOthers(): readonly string[] {
    const now = performance.now();
    const listing = this.#listing;
    if (listing !== null && now - listing.at < LISTING_MS) return listing.names;
    const names = this.#others();
    this.#listing = { at: now, names };
    return names;
  }

  #others(): string[] {
    const { mine, foreign } = journalFiles(this.#options.dir, this.#database);
    if (foreign !== null && !this.#foreignReported) {
      this.#foreignReported = true;
      this.#options.onProblem('audit journal files of another database are left alone (not sealed into this one)', { dir: this.#options.dir, file: foreign });
    }
    const own = this.#own?.name;
    return mine.filter((name) => name !== own);
  }

  #stale(mtimeMs: number): boolean {
    return this.#options.now() - mtimeMs >= STALE_MS;
  }
}
