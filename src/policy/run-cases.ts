/**
 * Running policy test tables. `runPolicyCases` is pure; `runCaseFile` reads a table and its policy
 * (the built-in default when the table names none) and is what `cordon policy test` and the project's
 * tests both call.
 */
import type { Decision } from '../domain/decision.js';
import { readCaseFile, type PolicyCase } from './case-table.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { defaultPolicyFile } from './default-policy.js';
import { evaluatePolicy } from './evaluate.js';
import { PolicyValidationError, type PolicyIssue } from './issues.js';
import type { PresetCatalog } from './model.js';
import { readPolicyFile } from './parse.js';

export interface CaseResult {
  readonly name: string;
  readonly provider: string;
  readonly pass: boolean;
  readonly decision: Decision;
  /** One line per expectation that failed: `rule: expected "a", got "b"`. Empty when the case passes. */
  readonly diff: readonly string[];
}

export interface CaseFileResult {
  readonly file: string;
  /** The policy under test (the built-in default's path when the table names none); null if unknown. */
  readonly policyFile: string | null;
  readonly policyHash: string | null;
  /** Problems with the table or its policy; when there are any, no case ran. */
  readonly issues: readonly PolicyIssue[];
  readonly results: readonly CaseResult[];
}

function compare(c: PolicyCase, d: Decision): string[] {
  const diff: string[] = [];
  const check = (what: string, expected: string | null | undefined, actual: string | null): void => {
    if (expected !== undefined && expected !== actual) diff.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  check('effect', c.expect.effect, d.effect);
  check('layer', c.expect.layer, d.layer);
  check('rule', c.expect.rule, d.ruleId);
  check('matched', c.expect.matched, d.matched);
  check('decided_on', c.expect.decidedOn, d.decidedOn ?? 'client');
  if (c.expect.trail !== undefined) {
    const actual = d.trail.map((r) => r.ruleId);
    if (actual.join(' ') !== c.expect.trail.join(' ')) diff.push(`trail: expected ${JSON.stringify(c.expect.trail)}, got ${JSON.stringify(actual)}`);
  }
  return diff;
}

export function runPolicyCases(policy: CompiledPolicy, cases: readonly PolicyCase[]): CaseResult[] {
  return cases.map((c) => {
    const decision = evaluatePolicy(policy, c.input, c.provider);
    const diff = compare(c, decision);
    return { name: c.name, provider: c.provider, pass: diff.length === 0, decision, diff };
  });
}

export interface RunCaseFileOptions {
  readonly presets: PresetCatalog;
  /** The time of cases that give no `at`. */
  readonly now: number;
}

export function runCaseFile(file: string, { presets, now }: RunCaseFileOptions): CaseFileResult {
  const failed = (issues: readonly PolicyIssue[], policyFile: string | null = null): CaseFileResult => ({ file, policyFile, policyHash: null, issues, results: [] });
  const table = readCaseFile(file, { countries: presets.countries, now });
  if (!table.ok) return failed(table.issues);
  const policyFile = table.value.policy ?? defaultPolicyFile();
  const doc = readPolicyFile(policyFile, presets);
  if (!doc.ok) return failed(doc.issues, policyFile);
  let policy: CompiledPolicy;
  try {
    policy = compilePolicy(doc.value, { presets, providers: table.value.providers });
  } catch (err) {
    if (!(err instanceof PolicyValidationError)) throw err;
    return failed(err.issues.map((i) => ({ ...i, file: i.file ?? file })), policyFile);
  }
  return { file, policyFile, policyHash: policy.hash, issues: [], results: runPolicyCases(policy, table.value.cases) };
}
