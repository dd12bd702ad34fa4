/**
 * `cordon audit verify|export|prune|anchor|keygen|show`: the hash-chained audit log (docs/audit.md).
 * verify exits 1 and names the record and what failed when the log was changed, cut, reordered or added
 * to, or a checkpoint's signature does not hold.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { Command } from 'commander';
import { cliCommand } from '../command.js';
import { checkpointSigningKey } from '../../app/checkpoint-keys.js';
import { readSignature, signCheckpoint, type Checkpoint, type CheckpointBody } from '../../audit/index.js';
import { parseInstant } from '../../policy/index.js';
import { withStore, type EvidenceCliContext } from '../evidence-context.js';
import { CommandError, isoTime, runAction, writeJson } from '../output.js';
import { progressLine } from '../progress.js';
import { parseRange, type RangeOptions } from '../report-format.js';
import { keygen } from './audit-keygen.js';
import { checkpointLine, recordLine } from './audit-lines.js';
import { checkpointJson, verify, type VerifyOptions } from './audit-verify.js';

export function auditCommand(ctx: EvidenceCliContext): Command {
  const audit = cliCommand('audit', 'Verify, export, prune and anchor the hash-chained audit log.', ctx);

  audit
    .command('verify')
    .description('Recompute every hash and link from the last prune checkpoint; name each record that was changed, removed, inserted or reordered, and check every checkpoint\'s signature.')
    .option('--file <jsonl>', 'verify an exported file instead of the store (it starts at its checkpoint of the record before its first, else at that link, trusted)')
    .option('--public-key <file>', 'an Ed25519 public key (PEM) that verifies checkpoints; repeat for keys retired by a rotation', (file: string, files: string[]) => [...files, file], [] as string[])
    .option('--json', 'print one JSON object')
    .action((options: VerifyOptions) => runAction(ctx, () => verify(ctx, options)));

  audit
    .command('export')
    .description('Write records as JSON Lines (one record per line, with seq, hashes and data), oldest first, then the checkpoints among them.')
    .option('--from <date>', 'records from this instant (inclusive)')
    .option('--to <date>', 'records to this instant (exclusive)')
    .option('--out <file>', 'write to a file instead of standard output')
    .action((options: RangeOptions & { readonly out?: string }) => runAction(ctx, () => exportRecords(ctx, options)));

  audit
    .command('prune')
    .description('Remove the oldest records (all before DATE) and write a checkpoint (signed with audit.checkpoint_signing_key) the chain continues from.')
    .requiredOption('--before <date>', 'remove records before this instant')
    .option('--json', 'print the checkpoint as JSON')
    .action((options: { readonly before: string; readonly json?: boolean }) => runAction(ctx, () => prune(ctx, options)));

  audit
    .command('anchor')
    .description('Write a checkpoint of the current head (sequence and hash), signed when a key is configured: later verification checks the log still passes through it.')
    .option('--json', 'print the checkpoint as JSON')
    .action((options: { readonly json?: boolean }) => runAction(ctx, () => anchor(ctx, options)));

  audit
    .command('keygen')
    .description('Make an Ed25519 key pair for checkpoint signatures: the private key (mode 0600) and the public key for auditors.')
    .option('--out <dir>', 'the folder to write the two files to', '.')
    .option('--json', 'print what was written as JSON')
    .action((options: { readonly out: string; readonly json?: boolean }) => runAction(ctx, async () => keygen(ctx, options)));

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
  const key = checkpointSigningKey(ctx.config());
  return (body) => signCheckpoint(body, key);
}

function signedText(c: Checkpoint): string {
  if (c.signature === null) return '(unsigned: no audit.checkpoint_signing_key)';
  const sig = readSignature(c.signature);
  return sig?.algorithm === 'ed25519' ? `(signed: Ed25519 key ${sig.keyId ?? ''})` : '(signed: HMAC-SHA256, deprecated: set audit.checkpoint_signing_key)';
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
    let first: number | null = null;
    let lastSeq = 0;
    for (;;) {
      const page = await store.audit.read({ fromSeq, from: range.from, to: range.to, limit: 5000 });
      for (const r of page) if (!out.write(recordLine(r))) await once(out, 'drain');
      written += page.length;
      progress.update(written, total);
      const last = page.at(-1);
      if (last === undefined) break;
      first ??= (page[0] as typeof last).seq;
      lastSeq = last.seq;
      fromSeq = last.seq + 1;
    }
    // The checkpoints the exported records can be checked against: of the record before the first through the last.
    const from = first;
    const within = from === null ? [] : (await store.audit.checkpoints()).filter((c) => c.seq >= from - 1 && c.seq <= lastSeq);
    for (const c of within) if (!out.write(checkpointLine(c))) await once(out, 'drain');
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
  ctx.out.write(`Pruned ${result.pruned} record(s) through record ${c.seq}; checkpoint ${c.hash} ${signedText(c)}.\n`);
}

async function anchor(ctx: EvidenceCliContext, options: { readonly json?: boolean }): Promise<void> {
  const c = await withStore(ctx, (store) => store.audit.anchor(ctx.now(), signer(ctx)));
  if (options.json === true) return writeJson(ctx, checkpointJson(c));
  ctx.out.write(`Anchored record ${c.seq}: ${c.hash} ${signedText(c)}.\n`);
}
