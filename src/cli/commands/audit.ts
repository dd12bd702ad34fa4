/**
 * `cordon audit verify|export|prune|anchor|show`: the hash-chained audit log (docs/audit.md). verify
 * exits 1 and names the record and what failed when the log was changed, cut, reordered or added to.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { Command } from 'commander';
import { verifyAuditLog, type AuditVerification } from '../../app/audit-verify.js';
import { signCheckpoint, verifyRecords, type AuditRecord, type Checkpoint, type CheckpointBody, type VerifyReport } from '../../audit/index.js';
import { parseInstant } from '../../policy/index.js';
import { withStore, type EvidenceCliContext } from '../evidence-context.js';
import { CommandError, isoTime, runAction, writeJson } from '../output.js';
import { progressLine } from '../progress.js';
import { parseRange, type RangeOptions } from '../report-format.js';
import { parseExportLine, recordLine } from './audit-lines.js';

export function auditCommand(ctx: EvidenceCliContext): Command {
  const audit = new Command('audit')
    .description('Verify, export, prune and anchor the hash-chained audit log.')
    .configureOutput({ writeOut: (text) => void ctx.out.write(text), writeErr: (text) => void ctx.err.write(text) })
    .showHelpAfterError();

  audit
    .command('verify')
    .description('Recompute every hash and link from the last prune checkpoint; name each record that was changed, removed, inserted or reordered.')
    .option('--file <jsonl>', 'verify an exported file instead of the store (its first record is trusted as the start)')
    .option('--json', 'print one JSON object')
    .action((options: { readonly file?: string; readonly json?: boolean }) => runAction(ctx, () => verify(ctx, options)));

  audit
    .command('export')
    .description('Write records as JSON Lines (one record per line, with seq, hashes and data), oldest first.')
    .option('--from <date>', 'records from this instant (inclusive)')
    .option('--to <date>', 'records to this instant (exclusive)')
    .option('--out <file>', 'write to a file instead of standard output')
    .action((options: RangeOptions & { readonly out?: string }) => runAction(ctx, () => exportRecords(ctx, options)));

  audit
    .command('prune')
    .description('Remove the oldest records (all before DATE) and write a checkpoint (signed with audit.checkpoint_key) the chain continues from.')
    .requiredOption('--before <date>', 'remove records before this instant')
    .option('--json', 'print the checkpoint as JSON')
    .action((options: { readonly before: string; readonly json?: boolean }) => runAction(ctx, () => prune(ctx, options)));

  audit
    .command('anchor')
    .description('Write a checkpoint of the current head (sequence and hash), signed when a key is configured: later verification checks the log still passes through it.')
    .option('--json', 'print the checkpoint as JSON')
    .action((options: { readonly json?: boolean }) => runAction(ctx, () => anchor(ctx, options)));

  audit
    .command('show')
    .description('The records about one request (its decision id, x-cordon-decision-id) or other reference.')
    .argument('<ref>', 'decision id (dec_…), or another record reference (policy:v3)')
    .action((ref: string) =>
      runAction(ctx, async () => {
        const records = await withStore(ctx, (store) => store.audit.findByRef(ref));
        if (records.length === 0) throw new CommandError(`no audit record refers to ${ref}`);
        for (const r of records) ctx.out.write(recordLine(r));
      }),
    );

  return audit;
}

function signer(ctx: EvidenceCliContext): (body: CheckpointBody) => Checkpoint {
  const key = ctx.config().audit.checkpointKey?.reveal() ?? null;
  return (body) => signCheckpoint(body, key);
}

async function verify(ctx: EvidenceCliContext, options: { readonly file?: string; readonly json?: boolean }): Promise<void> {
  const progress = progressLine(ctx.err, 'verifying');
  const result: AuditVerification =
    options.file !== undefined ? verifyFile(options.file) : await withStore(ctx, (store) => verifyAuditLog(store, { key: ctx.config().audit.checkpointKey?.reveal() ?? null, progress: progress.update }));
  progress.done();
  if (!result.ok) process.exitCode = 1;
  if (options.json === true) return writeJson(ctx, verificationJson(result));
  ctx.out.write(verificationText(result));
}

function verifyFile(file: string): AuditVerification {
  const records: AuditRecord[] = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => parseExportLine(line, `${file}:${i + 1}`));
  const first = records[0];
  const report: VerifyReport = verifyRecords(records, first === undefined ? { seq: 0, hash: '0'.repeat(64) } : { seq: first.seq - 1, hash: first.prevHash });
  return { report, start: null, checkpoints: [], ok: report.ok };
}

function verificationText(v: AuditVerification): string {
  const r = v.report;
  const from = v.start === null ? (r.start.seq === 0 ? 'the first record' : `record ${r.start.seq + 1}`) : `checkpoint ${v.start.seq} (records before it were pruned ${isoTime(v.start.at)})`;
  const lines = [`${v.ok ? 'OK' : 'FAILED'}: ${r.checked} record(s) checked from ${from} to record ${r.head.seq}; head ${r.head.hash}`];
  for (const p of r.problems) lines.push(`  record ${p.seq}: ${p.kind} — ${p.message}`);
  if (r.truncated) lines.push('  … more problems not shown');
  for (const c of v.checkpoints) {
    const signature = c.signature === 'unchecked' ? 'signature not checked (no audit.checkpoint_key)' : `signature ${c.signature}`;
    lines.push(`  checkpoint ${c.checkpoint.kind} at record ${c.checkpoint.seq} (${isoTime(c.checkpoint.at)}): ${signature}`);
  }
  return `${lines.join('\n')}\n`;
}

function verificationJson(v: AuditVerification): Record<string, unknown> {
  return {
    ok: v.ok,
    checked: v.report.checked,
    start: v.report.start,
    head: v.report.head,
    problems: v.report.problems,
    more_problems: v.report.truncated,
    checkpoints: v.checkpoints.map((c) => ({ ...checkpointJson(c.checkpoint), signature_status: c.signature })),
  };
}

function checkpointJson(c: Checkpoint): Record<string, unknown> {
  return { kind: c.kind, seq: c.seq, hash: c.hash, at: isoTime(c.at), pruned_before: c.prunedBefore === null ? null : isoTime(c.prunedBefore), pruned: c.pruned, signature: c.signature };
}

async function exportRecords(ctx: EvidenceCliContext, options: RangeOptions & { readonly out?: string }): Promise<void> {
  const range = parseRange(options);
  const file = options.out === undefined ? null : createWriteStream(options.out);
  const out: Writable = file ?? ctx.out;
  const progress = progressLine(ctx.err, 'exporting');
  let written = 0;
  await withStore(ctx, async (store) => {
    const total = (await store.audit.summary()).records;
    let fromSeq = 0;
    for (;;) {
      const page = await store.audit.read({ fromSeq, from: range.from, to: range.to, limit: 5000 });
      for (const r of page) if (!out.write(recordLine(r))) await once(out, 'drain');
      written += page.length;
      progress.update(written, total);
      const last = page.at(-1);
      if (last === undefined) break;
      fromSeq = last.seq + 1;
    }
  });
  progress.done();
  if (file !== null) {
    file.end();
    await once(file, 'finish');
    ctx.err.write(`${written} record(s) written to ${options.out}\n`);
  }
}

async function prune(ctx: EvidenceCliContext, options: { readonly before: string; readonly json?: boolean }): Promise<void> {
  const before = parseInstant(options.before);
  if (before === null) throw new CommandError(`--before "${options.before}": expected an ISO date or a date-time with a zone`);
  if (before > ctx.now()) throw new CommandError('--before is in the future');
  const result = await withStore(ctx, (store) => store.audit.prune({ before, at: ctx.now(), sign: signer(ctx) }));
  if (options.json === true) return writeJson(ctx, { pruned: result.pruned, checkpoint: result.checkpoint === null ? null : checkpointJson(result.checkpoint) });
  if (result.checkpoint === null) return void ctx.out.write(`Nothing to prune: no record is before ${isoTime(before)}.\n`);
  const c = result.checkpoint;
  ctx.out.write(`Pruned ${result.pruned} record(s) through record ${c.seq}; checkpoint ${c.hash} ${c.signature === null ? '(unsigned: no audit.checkpoint_key)' : '(signed)'}.\n`);
}

async function anchor(ctx: EvidenceCliContext, options: { readonly json?: boolean }): Promise<void> {
  const c = await withStore(ctx, (store) => store.audit.anchor(ctx.now(), signer(ctx)));
  if (options.json === true) return writeJson(ctx, checkpointJson(c));
  ctx.out.write(`Anchored record ${c.seq}: ${c.hash} ${c.signature === null ? '(unsigned: no audit.checkpoint_key)' : '(signed)'}.\n`);
}
