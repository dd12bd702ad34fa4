/**
 * Verifying the chain, one record at a time in stored order (pure; the caller streams records in).
 * Every record's hash is recomputed and its link checked against the record before; a problem is
 * reported at the record where it is, with what failed:
 *
 * - `changed`: the record's content does not hash to its stored hash;
 * - `missing`: sequence numbers jump (records were deleted);
 * - `inserted`: a record links to an earlier record than the one before it — the records between
 *   were inserted;
 * - `reordered`: a record links to a record stored after it;
 * - `broken_link`: a record links to no record in reach: the one before it was removed and the rest
 *   renumbered, or rewritten with a recomputed hash;
 * - `renumbered`: the links are intact but the sequence numbers were edited;
 * - `anchor_mismatch` / `truncated`: a checkpoint names a hash the record at its sequence does not
 *   have, or a sequence the log no longer reaches (records cut from the end).
 *
 * A small look-ahead (and look-behind) window tells insertions and reorderings from other breaks.
 */
import { canonicalBody, recordHash, type ChainHead } from './chain.js';
import type { AuditRecord } from './record.js';

export const CHAIN_PROBLEM_KINDS = ['changed', 'missing', 'inserted', 'reordered', 'broken_link', 'renumbered', 'anchor_mismatch', 'truncated'] as const;
export type ChainProblemKind = (typeof CHAIN_PROBLEM_KINDS)[number];

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** Where: the sequence number of the record concerned (the first missing or inserted one). */
  readonly seq: number;
  /** The `ref` of the record found there, or null (a missing record). */
  readonly ref: string | null;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Records checked. */
  readonly checked: number;
  readonly start: ChainHead;
  /** The last record checked (or `start` when none). */
  readonly head: ChainHead;
  readonly problems: readonly ChainProblem[];
  /** More problems were found than `maxProblems` kept. */
  readonly truncated: boolean;
}

export interface VerifyOptions {
  /** Known (seq, hash) pairs the chain must pass through: checkpoints. */
  readonly anchors?: readonly ChainHead[];
  readonly maxProblems?: number;
  /** Records looked ahead of and behind the one checked. */
  readonly window?: number;
}

export class ChainVerifier {
  readonly #start: ChainHead;
  readonly #anchors: Map<number, string>;
  readonly #maxProblems: number;
  readonly #window: number;
  readonly #ahead: AuditRecord[] = [];
  readonly #behind = new Map<string, number>();
  readonly #problems: ChainProblem[] = [];
  #prev: ChainHead;
  #checked = 0;
  #found = 0;
  /** Links of records up to this sequence are part of a reordering already reported. */
  #quietUntil = 0;

  /** `start`: the genesis head, or the checkpoint a pruned log continues from. */
  constructor(start: ChainHead, options: VerifyOptions = {}) {
    this.#start = start;
    this.#prev = start;
    this.#anchors = new Map((options.anchors ?? []).filter((a) => a.seq > start.seq).map((a) => [a.seq, a.hash]));
    this.#maxProblems = options.maxProblems ?? 100;
    this.#window = Math.max(1, options.window ?? 1024);
  }

  push(record: AuditRecord): void {
    this.#ahead.push(record);
    if (this.#ahead.length > this.#window) this.#check(this.#ahead.shift() as AuditRecord);
  }

  finish(): VerifyReport {
    while (this.#ahead.length > 0) this.#check(this.#ahead.shift() as AuditRecord);
    for (const [seq, hash] of this.#anchors) {
      if (seq > this.#prev.seq) this.#report('truncated', seq, null, `the log ends at record ${this.#prev.seq}, but a checkpoint names record ${seq} (hash ${short(hash)}): records were cut from the end`);
    }
    return {
      ok: this.#found === 0,
      checked: this.#checked,
      start: this.#start,
      head: this.#prev,
      problems: this.#problems,
      truncated: this.#found > this.#problems.length,
    };
  }

  #check(r: AuditRecord): void {
    this.#checked++;
    const prev = this.#prev;
    const expected = prev.seq + 1;
    const linked = r.prevHash === prev.hash;
    if (recordHash(r.prevHash, canonicalBody(r)) !== r.hash) {
      this.#report('changed', r.seq, r.ref, `record ${r.seq} (${r.kind} ${r.ref}) was changed: its content does not hash to its stored hash ${short(r.hash)}`);
    } else if (r.seq > expected) {
      if (linked) this.#report('renumbered', r.seq, r.ref, `record ${r.seq} follows record ${prev.seq} by its link, but its sequence number was changed from ${expected}`);
      else this.#report('missing', expected, null, `${r.seq - expected === 1 ? `record ${expected} is` : `records ${expected}–${r.seq - 1} are`} missing: record ${r.seq} (${r.kind} ${r.ref}) comes next`);
    } else if (r.seq < expected) {
      this.#report('reordered', r.seq, r.ref, `record ${r.seq} (${r.kind} ${r.ref}) is stored after record ${prev.seq}: sequence numbers go backwards`);
    } else if (!linked && r.seq > this.#quietUntil) {
      this.#diagnoseLink(r, prev);
    }
    const anchor = this.#anchors.get(r.seq);
    if (anchor !== undefined && anchor !== r.hash) {
      this.#report('anchor_mismatch', r.seq, r.ref, `record ${r.seq} has hash ${short(r.hash)}, but a checkpoint recorded ${short(anchor)} for it: it was rewritten after the checkpoint`);
    }
    this.#remember(r);
  }

  /** The record does not link to the one before it: say why, from the records around it. */
  #diagnoseLink(r: AuditRecord, prev: ChainHead): void {
    const earlier = this.#behind.get(r.prevHash);
    if (earlier !== undefined && earlier < prev.seq) {
      const first = earlier + 1;
      const what = first === prev.seq ? `record ${first} was` : `records ${first}–${prev.seq} were`;
      this.#report('inserted', first, null, `${what} inserted: record ${r.seq} (${r.kind} ${r.ref}) links to record ${earlier}`);
      return;
    }
    const later = this.#ahead.find((a) => a.hash === r.prevHash);
    if (later !== undefined) {
      this.#report('reordered', r.seq, r.ref, `record ${r.seq} (${r.kind} ${r.ref}) is out of order: it links to record ${later.seq}, which is stored after it`);
      this.#quietUntil = later.seq + 1;
      return;
    }
    this.#report('broken_link', r.seq, r.ref, `record ${r.seq} (${r.kind} ${r.ref}) does not follow record ${prev.seq}: it links to ${short(r.prevHash)}, which no record near it has (a record before it was removed, or record ${prev.seq} was rewritten with a recomputed hash)`);
  }

  #remember(r: AuditRecord): void {
    this.#prev = { seq: r.seq, hash: r.hash };
    this.#behind.set(r.hash, r.seq);
    if (this.#behind.size > this.#window) {
      const oldest = this.#behind.keys().next();
      if (oldest.done !== true) this.#behind.delete(oldest.value);
    }
  }

  #report(kind: ChainProblemKind, seq: number, ref: string | null, message: string): void {
    this.#found++;
    if (this.#problems.length < this.#maxProblems) this.#problems.push({ kind, seq, ref, message });
  }
}

/** Verifies records given in stored order (tests, exported files). */
export function verifyRecords(records: Iterable<AuditRecord>, start: ChainHead, options: VerifyOptions = {}): VerifyReport {
  const verifier = new ChainVerifier(start, options);
  for (const r of records) verifier.push(r);
  return verifier.finish();
}

function short(hash: string): string {
  return hash.slice(0, 16);
}
