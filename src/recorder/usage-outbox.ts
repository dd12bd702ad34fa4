/**
 * Usage records that could not be committed when their answer ended (the store failing or slower than
 * `waitMs`) are kept here and appended again until the store takes them (docs/metering.md,
 * "Durability"). Each is also written to this process's outbox file (one JSON line per record kept and
 * one per record since committed), so a process that dies with records waiting leaves them on disk:
 * the next process started on the same store and data directory appends them (`recover`). When the
 * file cannot be written (the disk that failed the store is full too), the record waits in memory
 * only: a process that dies then loses it. At most `maxEntries` wait; more are dropped, logged and
 * counted as failed usage records.
 *
 * A record appended again may already be in the log (the first commit succeeded but its answer was
 * lost with the connection, or the process died before the file said so): before appending, the log
 * is asked for the request's usage record (`isRecorded`), so a retry does not add a second one.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry, AuditLog } from '../audit/index.js';
import type { Logger } from '../observability/logger.js';
import type { EvidenceMetrics } from '../observability/metrics.js';

export interface UsageOutboxOptions {
  readonly audit: AuditLog;
  /** Whether the log already holds a usage record for this request id (checked before a retry). */
  readonly isRecorded?: (requestId: string) => Promise<boolean>;
  /** Directory of the outbox files for this store; null keeps waiting records in memory only. */
  readonly dir: string | null;
  readonly logger: Logger;
  readonly metrics?: EvidenceMetrics;
  /** How long an answer's last bytes wait for its usage commit before the record goes to the outbox. */
  readonly waitMs?: number;
  readonly maxEntries?: number;
  /** First retry delay; it doubles after each failed round up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** The process id naming this process's file (tests pass another to play a second process). */
  readonly pid?: number;
}

export const USAGE_COMMIT_WAIT_MS = 2000;
export const USAGE_OUTBOX_MAX = 10_000;
const RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;

interface Waiting {
  readonly entry: AuditEntry;
  /** Its first append has not settled yet (slower than `waitMs`): not retried meanwhile. */
  inFlight: boolean;
}

type Line = { readonly add: AuditEntry } | { readonly done: string };

export class UsageOutbox {
  readonly #o: UsageOutboxOptions;
  readonly #file: string | null;
  readonly #waiting = new Map<string, Waiting>();
  #fileOk = true;
  #timer: NodeJS.Timeout | null = null;
  #delay: number;
  #retrying: Promise<void> | null = null;
  #closed = false;

  constructor(options: UsageOutboxOptions) {
    this.#o = options;
    this.#delay = options.retryMs ?? RETRY_MS;
    this.#file = options.dir === null ? null : join(options.dir, `${options.pid ?? process.pid}.jsonl`);
  }

  /** Records waiting for the store. */
  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Appends a usage record. Resolves once it is committed, or — when the store failed or took longer
   * than `waitMs` — once it is kept in the outbox; never rejects.
   */
  async write(entry: AuditEntry): Promise<void> {
    const committing = this.#o.audit.append(entry);
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(resolve, this.#o.waitMs ?? USAGE_COMMIT_WAIT_MS, 'slow')));
    try {
      if ((await Promise.race([committing, slow])) !== 'slow') return;
      this.#keep(entry, committing);
    } catch (err) {
      this.#o.logger.log('warn', 'usage record kept in the outbox; retrying', { decision_id: entry.ref, error: String(err) });
      this.#keep(entry, null);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Takes over the outbox files of processes that are gone and appends their records. */
  async recover(): Promise<number> {
    if (this.#o.dir === null) return 0;
    let names: string[];
    try {
      names = readdirSync(this.#o.dir).filter((n) => /^\d+\.jsonl$/.test(n));
    } catch {
      return 0;
    }
    let taken = 0;
    for (const name of names) {
      const path = join(this.#o.dir, name);
      if (path === this.#file || isAlive(Number(name.slice(0, -6)))) continue;
      for (const entry of pendingIn(readFileSync(path, 'utf8'))) {
        if (this.#waiting.has(entry.ref)) continue;
        this.#keep(entry, null);
        taken++;
      }
      rmSync(path, { force: true });
    }
    if (taken > 0) this.#o.logger.log('info', 'usage records recovered from an outbox file', { records: taken });
    await this.retryNow();
    return taken;
  }

  /** Appends every waiting record now (tests, shutdown). */
  async retryNow(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await (this.#retrying ??= this.#retry().finally(() => {
      this.#retrying = null;
      if ([...this.#waiting.values()].some((w) => !w.inFlight)) this.#schedule();
    }));
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #keep(entry: AuditEntry, inFlight: Promise<void> | null): void {
    if (this.#waiting.has(entry.ref)) return;
    if (this.#waiting.size >= (this.#o.maxEntries ?? USAGE_OUTBOX_MAX)) {
      this.#o.metrics?.auditFailure('usage');
      this.#o.logger.log('error', 'usage record not written: the outbox is full', { decision_id: entry.ref });
      return;
    }
    const waiting: Waiting = { entry, inFlight: inFlight !== null };
    this.#waiting.set(entry.ref, waiting);
    this.#line({ add: entry });
    inFlight?.then(
      () => this.#committed(entry.ref),
      () => {
        waiting.inFlight = false;
        this.#schedule();
      },
    );
    if (inFlight === null) this.#schedule();
  }

  #committed(ref: string): void {
    if (!this.#waiting.delete(ref)) return;
    if (this.#waiting.size === 0 && this.#file !== null) {
      rmSync(this.#file, { force: true }); // nothing waits: the file starts afresh with the next record
      this.#fileOk = true;
    } else {
      this.#line({ done: ref });
    }
  }

  #line(line: Line): void {
    if (this.#file === null || !this.#fileOk) return;
    try {
      mkdirSync(this.#o.dir as string, { recursive: true });
      appendFileSync(this.#file, `${JSON.stringify(line)}\n`);
    } catch (err) {
      // Until the file is emptied, its lines would be incomplete: keep to memory.
      this.#fileOk = false;
      this.#o.logger.log('error', 'usage outbox file not written; waiting usage records are kept in memory only', { error: String(err) });
    }
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== null || this.#retrying !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.retryNow();
    }, this.#delay);
    this.#timer.unref();
  }

  async #retry(): Promise<void> {
    const due = [...this.#waiting.values()].filter((w) => !w.inFlight);
    if (due.length === 0) return;
    const results = await Promise.allSettled(due.map((w) => this.#appendOnce(w.entry)));
    const failed = results.filter((r) => r.status === 'rejected');
    for (const [i, r] of results.entries()) if (r.status === 'fulfilled') this.#committed((due[i] as Waiting).entry.ref);
    if (failed.length === 0) {
      this.#delay = this.#o.retryMs ?? RETRY_MS;
      this.#o.logger.log('info', 'usage records from the outbox committed', { records: due.length });
    } else {
      this.#delay = Math.min(this.#delay * 2, this.#o.maxRetryMs ?? MAX_RETRY_MS);
      this.#o.logger.log('warn', 'usage records still waiting in the outbox', { records: this.#waiting.size, error: String((failed[0] as PromiseRejectedResult).reason) });
    }
  }

  async #appendOnce(entry: AuditEntry): Promise<void> {
    if (this.#o.isRecorded !== undefined && (await this.#o.isRecorded(entry.ref))) return;
    await this.#o.audit.append(entry);
  }
}

/** The records an outbox file holds that were not committed since. */
function pendingIn(text: string): AuditEntry[] {
  const kept = new Map<string, AuditEntry>();
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      continue; // the last line, cut by the process's death
    }
    if ('add' in line) kept.set(line.add.ref, line.add);
    else kept.delete(line.done);
  }
  return [...kept.values()];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
