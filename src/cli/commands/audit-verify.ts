/**
 * `cordon audit verify`: the stored log or an export (`--file`), with the checkpoint keys of the config
 * and the public keys given (`--public-key`, ADR 0014); what it prints, as text or `--json`.
 */
import { readFileSync } from 'node:fs';
import { checkpointKeys } from '../../app/checkpoint-keys.js';
import { readPublicKey, readSignature, type AuditRecord, type Checkpoint, type CheckpointKeys, type Ed25519PublicKey } from '../../audit/index.js';
import { verifyAuditLog, verifyExport, type AuditVerification, type CheckpointCheck } from '../../operations/index.js';
import { withStore, type EvidenceCliContext } from '../evidence-context.js';
import { CommandError, isoTime, writeJson } from '../output.js';
import { progressLine } from '../progress.js';
import { parseExportLine } from './audit-lines.js';

export interface VerifyOptions {
  readonly file?: string;
  readonly publicKey: readonly string[];
  readonly json?: boolean;
}

export async function verify(ctx: EvidenceCliContext, options: VerifyOptions): Promise<void> {
  const keys = checkpointKeys(ctx.config(), options.publicKey.map(readPublicKeyFile));
  const progress = progressLine(ctx.err, 'verifying');
  const result = options.file !== undefined ? verifyFile(options.file, keys) : await withStore(ctx, (store) => verifyAuditLog(store, { keys, progress: progress.update }));
  progress.done();
  if (!result.ok) process.exitCode = 1;
  if (options.json === true) return writeJson(ctx, verificationJson(result));
  ctx.out.write(verificationText(result));
}

function readPublicKeyFile(file: string): Ed25519PublicKey {
  try {
    return readPublicKey(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = err instanceof TypeError ? err.message : `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
    throw new CommandError(`--public-key ${file}: ${reason}`);
  }
}

function verifyFile(file: string, keys: CheckpointKeys): AuditVerification {
  const records: AuditRecord[] = [];
  const checkpoints: Checkpoint[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = parseExportLine(line, `${file}:${i + 1}`);
      if ('record' in parsed) records.push(parsed.record);
      else checkpoints.push(parsed.checkpoint);
    });
  return verifyExport(records, checkpoints, keys);
}

function verificationText(v: AuditVerification): string {
  const r = v.report;
  const lines = [`${v.ok ? 'OK' : 'FAILED'}: ${r.checked} record(s) checked from ${startText(v)} to record ${r.head.seq}; head ${r.head.hash}`];
  for (const p of r.problems) lines.push(`  record ${p.seq}: ${p.kind} — ${p.message}`);
  if (r.truncated) lines.push('  … more problems not shown');
  for (const c of v.checkpoints) lines.push(`  checkpoint ${c.checkpoint.kind} at record ${c.checkpoint.seq} (${isoTime(c.checkpoint.at)}): ${signatureText(c)}`);
  const s = v.signedThrough;
  if (s !== null) lines.push(`  signed through record ${s.seq}: the records to it are what the ${signerText(s)} signed ${isoTime(s.at)}`);
  return `${lines.join('\n')}\n`;
}

function startText(v: AuditVerification): string {
  const start = v.start;
  if (start === null) return v.report.start.seq === 0 ? 'the first record' : `record ${v.report.start.seq + 1} (its link to record ${v.report.start.seq} taken on trust: no checkpoint of it)`;
  return start.kind === 'prune' ? `checkpoint ${start.seq} (records before it were pruned ${isoTime(start.at)})` : `checkpoint ${start.seq} (anchored ${isoTime(start.at)})`;
}

function signatureText({ checkpoint, signature: status }: CheckpointCheck): string {
  const sig = checkpoint.signature === null ? null : readSignature(checkpoint.signature);
  if (checkpoint.signature === null) return status === 'unsigned' ? 'UNSIGNED, while checkpoints are verified with a key' : 'unsigned (not checked: no checkpoint key given)';
  if (sig === null) return 'signature INVALID: malformed';
  const method = sig.algorithm === 'ed25519' ? `Ed25519 key ${sig.keyId ?? ''}` : 'HMAC-SHA256';
  switch (status) {
    case 'valid':
      return `${method}: signature valid`;
    case 'invalid':
      return `${method}: signature INVALID`;
    case 'unknown_key':
      return `${method}: UNKNOWN KEY, none of the public keys given has its id`;
    case 'downgraded':
      return `${method}: DOWNGRADED, written after an Ed25519 checkpoint and not verifiable with the public keys: anyone who can write the store could have written it`;
    case 'unchecked':
      return sig.algorithm === 'ed25519' ? `${method}: not checked (no public key given: --public-key or audit.checkpoint_public_keys)` : `${method}: not verifiable without the shared key (audit.checkpoint_key)`;
    case 'unsigned':
      return 'UNSIGNED';
  }
}

function signerText(c: Checkpoint): string {
  const sig = c.signature === null ? null : readSignature(c.signature);
  return sig?.algorithm === 'ed25519' ? `holder of Ed25519 key ${sig.keyId ?? ''}` : 'holder of the shared HMAC key';
}

function verificationJson(v: AuditVerification): Record<string, unknown> {
  return {
    ok: v.ok,
    checked: v.report.checked,
    start: v.report.start,
    start_checkpoint: v.start === null ? null : { kind: v.start.kind, seq: v.start.seq, hash: v.start.hash },
    head: v.report.head,
    problems: v.report.problems,
    more_problems: v.report.truncated,
    checkpoints: v.checkpoints.map((c) => ({ ...checkpointJson(c.checkpoint), signature_status: c.signature })),
    signed_through: v.signedThrough === null ? null : { ...signatureFields(v.signedThrough), kind: v.signedThrough.kind, seq: v.signedThrough.seq, at: isoTime(v.signedThrough.at) },
  };
}

/** A checkpoint as `prune`, `anchor` and `verify --json` print it. */
export function checkpointJson(c: Checkpoint): Record<string, unknown> {
  return {
    kind: c.kind,
    seq: c.seq,
    hash: c.hash,
    at: isoTime(c.at),
    pruned_before: c.prunedBefore === null ? null : isoTime(c.prunedBefore),
    pruned: c.pruned,
    signature: c.signature,
    ...signatureFields(c),
  };
}

function signatureFields(c: Checkpoint): { algorithm: string | null; key_id: string | null } {
  const sig = c.signature === null ? null : readSignature(c.signature);
  return { algorithm: sig?.algorithm ?? null, key_id: sig?.keyId ?? null };
}
