/**
 * Verifying the stored audit log: from the latest prune checkpoint (or the genesis) through the last
 * record, in pages, with every checkpoint as an anchor and every checkpoint's signature checked when a
 * key is configured.
 */
import { ChainVerifier, checkSignature, EMPTY_HEAD, type Checkpoint, type SignatureStatus, type VerifyReport } from '../audit/index.js';
import type { Store } from '../store/index.js';

export interface CheckpointCheck {
  readonly checkpoint: Checkpoint;
  readonly signature: SignatureStatus;
}

export interface AuditVerification {
  readonly report: VerifyReport;
  /** The checkpoint verification started from, or null (the genesis). */
  readonly start: Checkpoint | null;
  readonly checkpoints: readonly CheckpointCheck[];
  /** True when the chain and every checkpoint check out. */
  readonly ok: boolean;
}

const PAGE = 10_000;

export async function verifyAuditLog(store: Store, options: { readonly key: string | null; readonly progress?: (done: number, total: number) => void }): Promise<AuditVerification> {
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
  const report = verifier.finish();
  const checks = checkpoints.map((checkpoint) => ({ checkpoint, signature: checkSignature(checkpoint, options.key) }));
  const badSignature = checks.some((c) => c.signature === 'invalid' || c.signature === 'unsigned');
  return { report, start, checkpoints: checks, ok: report.ok && !badSignature };
}
