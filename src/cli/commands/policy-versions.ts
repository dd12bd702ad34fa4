/**
 * `cordon policy apply|history|rollback`: policy versions in the store. Applying a version that opens
 * access at the law layer needs `--approval` (a licence number or rule citation); the approval is kept
 * with the version and in its audit record. The running gateway picks a new version up within about a
 * second.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { policySource } from '../../app/policy-context.js';
import { applyPolicyVersion, policyVersionView, rollbackPolicyVersion, type ApplyResult } from '../../operations/index.js';
import { formatIssue, parseInstant, shortHash } from '../../policy/index.js';
import type { PolicyVersion } from '../../store/index.js';
import { withStore, type EvidenceCliContext } from '../evidence-context.js';
import { CommandError, isoTime, table, writeJson } from '../output.js';
import type { CliIo } from '../context.js';
import { runPolicyAction, type EvidenceContextSource } from './policy-action.js';

interface ChangeOptions {
  readonly author: string;
  readonly reason: string;
  readonly approval?: string;
  readonly effectiveFrom?: string;
  readonly json?: boolean;
}

export function addVersionCommands(policy: Command, io: CliIo, ctx: EvidenceContextSource): void {
  policy
    .command('apply')
    .description('Store a policy file as the next version and make it live (the running gateway picks it up within a second or two).')
    .argument('<file>', 'policy document (YAML)')
    .requiredOption('--author <name>', 'who applies it')
    .requiredOption('--reason <text>', 'why')
    .option('--approval <ref>', 'licence number or rule citation; required when the version opens access at the law layer')
    .option('--effective-from <date>', 'when it takes effect (ISO date or date-time with zone; default: now)')
    .option('--json', 'print one JSON object')
    .action((file: string, options: ChangeOptions) =>
      runPolicyAction(io, ctx, async (c) => {
        let document: string;
        try {
          document = readFileSync(file, 'utf8');
        } catch (err) {
          throw new CommandError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
        const outcome = await withStore(c, (store) => applyPolicyVersion(policySource(c.config(), store), c.now(), { document, source: file, ...changeFields(options) }));
        report(c, outcome, options);
      }),
    );

  policy
    .command('rollback')
    .description('Make an earlier version live again, as a new version that records what it restores.')
    .argument('<version>', 'version number (3 or v3), as shown by "cordon policy history"')
    .requiredOption('--author <name>', 'who rolls back')
    .requiredOption('--reason <text>', 'why')
    .option('--approval <ref>', 'required when the rollback opens access at the law layer')
    .option('--effective-from <date>', 'when it takes effect (default: now)')
    .option('--json', 'print one JSON object')
    .action((ref: string, options: ChangeOptions) =>
      runPolicyAction(io, ctx, async (c) => {
        const id = /^v?(\d+)$/.exec(ref)?.[1];
        if (id === undefined) throw new CommandError(`"${ref}" is not a version number; see "cordon policy history"`);
        const outcome = await withStore(c, (store) => rollbackPolicyVersion(policySource(c.config(), store), c.now(), Number(id), changeFields(options)));
        if (outcome === null) throw new CommandError(`there is no policy version ${id}; see "cordon policy history"`);
        report(c, outcome, options);
      }),
    );

  policy
    .command('history')
    .description('Every policy version: when, by whom, why, on what approval; the live one marked with *.')
    .option('--json', 'print a JSON array')
    .action((options: { readonly json?: boolean }) =>
      runPolicyAction(io, ctx, async (c) => {
        const { versions, live } = await withStore(c, async (store) => ({ versions: await store.evidence.policies.list(), live: await store.evidence.policies.liveId(c.now()) }));
        if (options.json === true) return writeJson(c, versions.map((v) => ({ ...versionJson(v), live: v.id === live })));
        if (versions.length === 0) return void c.out.write('No policy versions: the gateway uses the config\'s policy.\n');
        const rows = versions.map((v) => [
          `${v.id === live ? '*' : ' '}v${v.id}`,
          v.action === 'rollback' ? `rollback to v${v.restores}` : 'apply',
          isoTime(v.effectiveFrom),
          v.author,
          shortHash(v.hash),
          v.approval ?? '-',
          v.reason,
        ]);
        c.out.write(table(['VERSION', 'ACTION', 'EFFECTIVE', 'AUTHOR', 'POLICY', 'APPROVAL', 'REASON'], rows));
      }),
    );
}

function changeFields(options: ChangeOptions): { author: string; reason: string; approval: string | null; effectiveFrom?: number } {
  const author = options.author.trim();
  const reason = options.reason.trim();
  if (author === '' || reason === '') throw new CommandError('--author and --reason must not be empty');
  if (options.effectiveFrom === undefined) return { author, reason, approval: options.approval ?? null };
  const effectiveFrom = parseInstant(options.effectiveFrom);
  if (effectiveFrom === null) throw new CommandError(`--effective-from "${options.effectiveFrom}": expected an ISO date or a date-time with a zone`);
  return { author, reason, approval: options.approval ?? null, effectiveFrom };
}

function report(c: EvidenceCliContext, outcome: ApplyResult, options: ChangeOptions): void {
  if (outcome.kind === 'invalid') {
    process.exitCode = 1;
    if (options.json === true) return writeJson(c, { ok: false, issues: outcome.issues.map((i) => ({ file: i.file, path: i.path, line: i.line, column: i.column, message: i.message })) });
    return void c.err.write(`${outcome.issues.map(formatIssue).join('\n')}\n`);
  }
  if (outcome.kind === 'needs_approval') {
    process.exitCode = 1;
    if (options.json === true) return writeJson(c, { ok: false, needs_approval: true, opens_at_law: outcome.opensAtLaw });
    return void c.err.write(
      `error: this version opens access at the law layer, so it needs --approval (a licence number or rule citation).\n` +
        `It would allow what the live policy's law layer denies:\n${openingsText(outcome.opensAtLaw)}`,
    );
  }
  const v = outcome.version;
  if (options.json === true) return writeJson(c, { ok: true, ...versionJson(v), previous_hash: outcome.previousHash });
  c.out.write(
    `Applied policy version v${v.id} (policy ${shortHash(v.hash)}), effective ${isoTime(v.effectiveFrom)}; it replaces policy ${shortHash(outcome.previousHash)}.\n` +
      (outcome.opensAtLaw.length > 0 ? `Opens at the law layer, on approval ${v.approval ?? '-'}:\n${openingsText(outcome.opensAtLaw)}` : ''),
  );
}

/** `openai CU`, `deepseek CU` … grouped by place: `  CU: openai, deepseek`. */
function openingsText(labels: readonly string[]): string {
  const byPlace = new Map<string, string[]>();
  for (const label of labels) {
    const space = label.indexOf(' ');
    const provider = label.slice(0, space);
    const where = label.slice(space + 1);
    byPlace.set(where, [...(byPlace.get(where) ?? []), provider]);
  }
  return [...byPlace].map(([where, providers]) => `  ${where}: ${providers.join(', ')}\n`).join('');
}

function versionJson(v: PolicyVersion): Record<string, unknown> {
  return { version: v.id, ...policyVersionView(v, isoTime) };
}
