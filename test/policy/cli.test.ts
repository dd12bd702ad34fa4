/** `cordon policy validate|test`, driven through commander with output captured in memory. */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { policyCommand } from '../../src/cli/commands/policy.js';

afterEach(() => {
  process.exitCode = undefined;
});

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `x policy ...args`; returns the output and the exit code it set (then clears it). */
async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number | undefined; usage?: CommanderError }> {
  process.exitCode = undefined; // a failed test before this one leaves the runner's 1 here
  const out = new Capture();
  const err = new Capture();
  const policy = policyCommand({ out, err });
  for (const c of [policy, ...policy.commands]) c.exitOverride();
  const program = new Command('x').exitOverride().addCommand(policy);
  let usage: CommanderError | undefined;
  try {
    await program.parseAsync(['node', 'x', 'policy', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    usage = e;
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { out: out.text, err: err.text, exitCode, ...(usage && { usage }) };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-cli-policy-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('policy validate', () => {
  test('a valid policy: OK and its hash', async () => {
    const r = await run('validate', 'examples/policies/open-cn-deepseek.yaml');
    assert.equal(r.exitCode, undefined);
    assert.match(r.out, /^OK examples\/policies\/open-cn-deepseek\.yaml\n {2}policy {4}[0-9a-f]{16} \(sha256 [0-9a-f]{64}\)\n/);
    assert.match(r.out, /operator {2}1 rule\(s\)/);
  });

  test('--json', async () => {
    const r = await run('validate', 'data/presets/default-policy.yaml', '--json');
    const body = JSON.parse(r.out) as { ok: boolean; hash: string; summary: { law: { presets: string[] } } };
    assert.equal(body.ok, true);
    assert.match(body.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(body.summary.law.presets, ['us-sanctions']);
  });

  test('an invalid policy: every problem, exit code 1', async () => {
    const file = tempFile('bad.yaml', 'version: 1\nlayers:\n  law: { presets: [us-sanctions] }\n  operator:\n    rules: [{ id: operator.a, effect: deny, match: { country: [USA] } }]\n');
    const r = await run('validate', file);
    assert.equal(r.exitCode, 1);
    assert.equal(r.out, '');
    assert.equal(r.err, `${file}:5:64: layers.operator.rules[0].match.country[0]: expected an ISO 3166-1 alpha-2 code such as "US", got "USA"\n1 problem(s) in ${file}\n`);
    const json = await run('validate', file, '--json');
    assert.equal(json.exitCode, 1);
    const body = JSON.parse(json.out) as { ok: boolean; issues: { path: string; line: number }[] };
    assert.equal(body.ok, false);
    assert.deepEqual(body.issues.map((i) => [i.path, i.line]), [['layers.operator.rules[0].match.country[0]', 5]]);
  });

  test('a missing file', async () => {
    const r = await run('validate', 'nope.yaml');
    assert.equal(r.exitCode, 1);
    assert.match(r.err, /^nope\.yaml: file not found\n/);
  });
});

describe('policy test', () => {
  test('passing tables: a line per case and the summary', async () => {
    const r = await run('test', 'test/policy/cases/open-cn-deepseek.yaml', 'test/policy/cases/provider-wiring.yaml');
    assert.equal(r.exitCode, undefined, r.err);
    assert.match(r.out, /^test\/policy\/cases\/open-cn-deepseek\.yaml \(policy [0-9a-f]{16}\)\n {2}pass {2}DeepSeek serves mainland China\n/);
    assert.match(r.out, /\n18 passed, 0 failed\n$/);
  });

  test('a failing case shows its diff and sets exit code 1', async () => {
    const file = tempFile('cases.yaml', [
      'at: 2026-06-01',
      'cases:',
      '  - { name: cuba, origin: { country: CU }, provider: openai, expect: { effect: deny, rule: law.us_sanctions.cu } }',
      '  - { name: wrong, origin: { country: CU }, provider: openai, expect: { effect: allow, layer: terms } }',
      '',
    ].join('\n'));
    const r = await run('test', file);
    assert.equal(r.exitCode, 1);
    assert.ok(r.out.includes('  pass  cuba\n  FAIL  wrong\n          effect: expected "allow", got "deny"\n          layer: expected "terms", got "law"\n'), r.out);
    assert.match(r.out, /1 passed, 1 failed\n$/);
    const json = JSON.parse((await run('test', file, '--json')).out) as { ok: boolean; passed: number; failed: number };
    assert.deepEqual([json.ok, json.passed, json.failed], [false, 1, 1]);
  });

  test('an invalid table is reported and fails the run', async () => {
    const file = tempFile('cases.yaml', 'cases:\n  - { name: x, origin: { country: CU }, provider: openai, expect: { effect: maybe } }\n');
    const r = await run('test', file);
    assert.equal(r.exitCode, 1);
    assert.match(r.err, /cannot run\n {2}.*cases\.yaml:2:\d+: cases\[0\]\.expect\.effect: expected one of allow, deny, got "maybe"\n/);
    assert.match(r.out, /0 passed, 0 failed, 1 file\(s\) invalid\n$/);
  });
});

describe('help', () => {
  for (const args of [['--help'], ['validate', '--help'], ['test', '--help']]) {
    test(`policy ${args.join(' ')}`, async () => {
      const r = await run(...args);
      assert.equal(r.usage?.code, 'commander.helpDisplayed');
      assert.match(r.out, /^Usage: x policy/);
      assert.match(r.out, /\n(Validate|Check|Run)/);
    });
  }
});
