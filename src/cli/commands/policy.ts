/**
 * `cordon policy validate|test`: check a policy document, and run policy test tables against it; with
 * a store, also the version commands (apply, history, rollback), diff, shadow, shadow-report and
 * simulate (registered from their own files).
 * Output goes to io.out / io.err; a failure sets process.exitCode = 1 (never process.exit), so the
 * caller decides when the process ends. Commander's usage errors and --help are left to commander.
 */
import type { Command } from 'commander';
import { cliCommand } from '../command.js';
import {
  compilePolicy,
  formatIssue,
  loadPresetCatalog,
  PolicyValidationError,
  readPolicyFile,
  runCaseFile,
  shortHash,
  type CaseFileResult,
  type CompiledPolicy,
  type PolicyIssue,
  type PresetCatalog,
} from '../../policy/index.js';
import type { CliIo } from '../context.js';
import type { EvidenceCliContext } from '../evidence-context.js';
import { CommandError } from '../output.js';
import { addDiffCommand } from './policy-diff.js';
import { addShadowCommands } from './policy-shadow.js';
import { addSimulateCommand } from './policy-simulate.js';
import { addVersionCommands } from './policy-versions.js';

interface JsonFlag {
  readonly json?: boolean;
}

/** `ctx` carries the store and config; without them (io only) the store commands report that they need one. */
export function policyCommand(io: CliIo & Partial<EvidenceCliContext>): Command {
  const policy = cliCommand('policy', 'Validate, test, compare, shadow, simulate and apply policy documents; list and roll back versions.', io);

  policy
    .command('validate')
    .description('Check a policy file (YAML) against the schema and the presets; print its version hash, or every problem with file, line and path.')
    .argument('<file>', 'policy document, e.g. examples/policies/open-cn-deepseek.yaml')
    .option('--json', 'print one JSON object: {ok, file, hash, summary} or {ok, file, issues}')
    .action((file: string, options: JsonFlag) => guard(io, options, () => validate(io, file, options)));

  policy
    .command('test')
    .description('Run policy test tables (YAML cases: facts → expected effect, layer, rule); print one line per case and a summary.')
    .argument('<cases...>', 'case table files, e.g. test/policy/cases/*.yaml')
    .option('--json', 'print one JSON object with every case result')
    .action((files: string[], options: JsonFlag) => guard(io, options, () => test(io, files, options)));

  const evidence = (): EvidenceCliContext => {
    if (io.openStore === undefined || io.config === undefined || io.now === undefined || io.enforcementSettings === undefined) throw new CommandError('this command needs the configured store');
    return io as EvidenceCliContext;
  };
  addDiffCommand(policy, io, evidence);
  addSimulateCommand(policy, io, evidence);
  addShadowCommands(policy, io, evidence);
  addVersionCommands(policy, io, evidence);
  return policy;
}

/** Broken shipped presets are reported like any other invalid file. */
function guard(io: CliIo, options: JsonFlag, action: () => void): void {
  try {
    action();
  } catch (err) {
    if (!(err instanceof PolicyValidationError)) throw err;
    process.exitCode = 1;
    if (options.json === true) io.out.write(`${JSON.stringify({ ok: false, issues: err.issues.map(issueJson) })}\n`);
    else io.err.write(`invalid presets:\n${err.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
  }
}

function issueJson(i: PolicyIssue): Record<string, unknown> {
  return { file: i.file, path: i.path, line: i.line, column: i.column, message: i.message };
}

function summary(p: CompiledPolicy): Record<string, unknown> {
  const r = p.resolved;
  return {
    law: { presets: r.law.presets.map((x) => x.name), rules: r.law.rules.length },
    terms: Object.fromEntries(Object.values(r.terms).map((l) => [l.name, { preset: l.preset?.name ?? null, rules: l.rules.length, default: l.default }])),
    operator: { rules: r.operator.rules.length },
  };
}

function validate(io: CliIo, file: string, options: JsonFlag): void {
  const presets = loadPresetCatalog();
  const doc = readPolicyFile(file, presets);
  if (!doc.ok) {
    process.exitCode = 1;
    if (options.json === true) io.out.write(`${JSON.stringify({ ok: false, file, issues: doc.issues.map(issueJson) })}\n`);
    else io.err.write(`${doc.issues.map(formatIssue).join('\n')}\n${doc.issues.length} problem(s) in ${file}\n`);
    return;
  }
  const compiled = compilePolicy(doc.value, { presets });
  if (options.json === true) {
    io.out.write(`${JSON.stringify({ ok: true, file, hash: compiled.hash, summary: summary(compiled) })}\n`);
    return;
  }
  const r = compiled.resolved;
  const lists = Object.values(r.terms).map((l) => (l.preset === null ? `${l.name} (inline)` : l.name));
  io.out.write(
    `OK ${file}\n` +
      `  policy    ${shortHash(compiled.hash)} (sha256 ${compiled.hash})\n` +
      `  law       ${r.law.rules.length} rule(s) from ${r.law.presets.map((x) => x.name).join(', ') || 'no preset'} and the document\n` +
      `  terms     ${lists.join(', ')}\n` +
      `  operator  ${r.operator.rules.length} rule(s)\n`,
  );
}

function test(io: CliIo, files: readonly string[], options: JsonFlag): void {
  const presets: PresetCatalog = loadPresetCatalog();
  const now = Date.now();
  const results = files.map((f) => runCaseFile(f, { presets, now }));
  const passed = results.reduce((n, r) => n + r.results.filter((c) => c.pass).length, 0);
  const failed = results.reduce((n, r) => n + r.results.filter((c) => !c.pass).length, 0);
  const broken = results.filter((r) => r.issues.length > 0).length;
  if (failed > 0 || broken > 0) process.exitCode = 1;
  if (options.json === true) {
    io.out.write(`${JSON.stringify({ ok: failed === 0 && broken === 0, passed, failed, files: results.map(fileJson) })}\n`);
    return;
  }
  for (const r of results) writeFileResult(io, r);
  const tail = broken > 0 ? `, ${broken} file(s) invalid` : '';
  io.out.write(`${passed} passed, ${failed} failed${tail}\n`);
}

function writeFileResult(io: CliIo, r: CaseFileResult): void {
  if (r.issues.length > 0) {
    io.err.write(`${r.file}: cannot run\n${r.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    return;
  }
  io.out.write(`${r.file} (policy ${r.policyHash === null ? '?' : shortHash(r.policyHash)})\n`);
  for (const c of r.results) {
    io.out.write(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.name}\n`);
    for (const line of c.diff) io.out.write(`          ${line}\n`);
  }
}

function fileJson(r: CaseFileResult): Record<string, unknown> {
  return {
    file: r.file,
    policy_file: r.policyFile,
    policy_hash: r.policyHash,
    issues: r.issues.map(issueJson),
    cases: r.results.map((c) => ({
      name: c.name,
      provider: c.provider,
      pass: c.pass,
      diff: c.diff,
      decision: { effect: c.decision.effect, layer: c.decision.layer, rule: c.decision.ruleId, matched: c.decision.matched },
    })),
  };
}
