/**
 * Verifying the audit log — the stored one, from the latest prune checkpoint (or the genesis) through
 * the last record in pages, or an export read from a file — with every checkpoint as an anchor the
 * chain must pass through and every checkpoint's signature checked with the keys given (ADR 0014).
 */
import {
  ChainVerifier,
  checkCheckpoints,
  EMPTY_HEAD,
  isFailedSignature,
  NO_CHECKPOINT_KEYS,
  verifyRecords,
  type AuditRecord,
  type ChainHead,
  type Checkpoint,
  type CheckpointKeys,
  type SignatureStatus,
  type VerifyReport,
} from '../audit/index.js';
import type { AuditStore } from '../store/audit-port.js';

export interface CheckpointCheck {
  readonly checkpoint: Checkpoint;
  readonly signature: SignatureStatus;
}

export interface AuditVerification {
  readonly report: VerifyReport;
  /** The checkpoint verification started from, or null (the genesis, or the first record of an export no checkpoint vouches for). */
  readonly start: Checkpoint | null;
  readonly checkpoints: readonly CheckpointCheck[];
  /** The last checkpoint the chain reaches whose signature verified: the records through it are what its signer signed. */
  readonly signedThrough: Checkpoint | null;
  /** True when the chain and every checkpoint check out. */
  readonly ok: boolean;
}

const PAGE = 10_000;

/** Without keys, every signed checkpoint is `unchecked` (tests that look at the chain only). */
export async function verifyAuditLog(store: { readonly audit: AuditStore }, options: { readonly keys?: CheckpointKeys; readonly progress?: (done: number, total: number) => void } = {}): Promise<AuditVerification> {
  const start = await store.audit.verificationStart();
  const checkpoints = await store.audit.checkpoints();
  const head = start === null ? EMPTY_HEAD : { seq: start.seq, hash: start.hash };
  const verifier = new ChainVerifier(head, { anchors: checkpoints.map((c) => ({ seq: c.seq, hash: c.hash })) });
  const total = (await store.audit.summary()).records;
  let fromSeq = head.seq + 1;
  let done = 0;
  for (;;) {
    const page = await store.audit.read({ fromSeq, limit: PAGE });
    for (const r of page) verifier.push(r);
    done += page.length;
    options.progress?.(done, total);
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) break;
    fromSeq = last.seq + 1;
  }
  return conclude(verifier.finish(), start, checkpoints, options.keys ?? NO_CHECKPOINT_KEYS);
}

/**
 * An export (`cordon audit export`): its records in file order and the checkpoints written with them.
 * It starts where its first record links to: at the checkpoint of that sequence when the file has one
 * (the first record must then link to the checkpoint's hash), else at the link itself, taken on trust.
 */
export function verifyExport(records: readonly AuditRecord[], checkpoints: readonly Checkpoint[], keys: CheckpointKeys): AuditVerification {
  const first = records[0];
  const claimed: ChainHead = first === undefined ? EMPTY_HEAD : { seq: first.seq - 1, hash: first.prevHash };
  const atStart = checkpoints.filter((c) => c.seq === claimed.seq && claimed.seq > 0);
  const start = atStart.find((c) => c.kind === 'prune') ?? atStart.at(-1) ?? null;
  const head = start === null ? claimed : { seq: start.seq, hash: start.hash };
  const report = verifyRecords(records, head, { anchors: checkpoints.map((c) => ({ seq: c.seq, hash: c.hash })) });
  return conclude(report, start, checkpoints, keys);
}

function conclude(report: VerifyReport, start: Checkpoint | null, checkpoints: readonly Checkpoint[], keys: CheckpointKeys): AuditVerification {
  const statuses = checkCheckpoints(checkpoints, keys);
  const checks = checkpoints.map((checkpoint, i) => ({ checkpoint, signature: statuses[i] as SignatureStatus }));
  const missed = new Set(report.problems.filter((p) => p.kind === 'anchor_mismatch' || p.kind === 'truncated').map((p) => p.seq));
  const reached = checks.filter((c) => c.signature === 'valid' && c.checkpoint.seq >= report.start.seq && c.checkpoint.seq <= report.head.seq && !missed.has(c.checkpoint.seq));
  const signedThrough = reached.reduce<Checkpoint | null>((best, c) => (best === null || c.checkpoint.seq > best.seq ? c.checkpoint : best), null);
  return { report, start, checkpoints: checks, signedThrough, ok: report.ok && !checks.some((c) => isFailedSignature(c.signature)) };
}
