/**
 * `cordon check` shows the origin the gateway would use: the anonymizer lists' flags (a configured Tor
 * exit list, the bundled hosting ASN list) are in it, with enforcement off, and an operator rule on
 * `anonymizer` decides on them. Several addresses, or standard input with `-`, give one record per
 * address in order. The real CLI in a child process.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli, spawnCli } from '../helpers/cli.js';
import { IPS, TEST_DATA_DIR } from '../helpers/gateway-fixture.js';

const TOR_EXIT = IPS.DE;
const dir = mkdtempSync(join(tmpdir(), 'cordon-cli-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(join(dir, 'tor-exits.txt'), `${TOR_EXIT}\n`);
writeFileSync(join(dir, 'policy.yaml'), stringify({
  version: 1,
  layers: {
    law: { presets: ['us-sanctions'], default: 'allow', unknown_origin: 'allow', geo_unavailable: 'deny' },
    operator: { default: 'allow', rules: [{ id: 'operator.no_tor', effect: 'deny', match: { anonymizer: ['tor'] } }] },
  },
}));
writeFileSync(join(dir, 'cordon.yaml'), stringify({
  store: { url: `sqlite:${join(dir, 'cordon.sqlite')}` },
  data_dir: TEST_DATA_DIR,
  policy: { file: 'policy.yaml' },
  origin: { lists: { tor_exits: 'tor-exits.txt' } },
  enforcement: { enabled: false },
  providers: { openai: {} },
  models: { chat: { deployments: [{ provider: 'openai', model: 'gpt-4o-mini' }] } },
}));

interface CheckOut {
  readonly origin: { ip: string; country: string | null; anonymizer: string[] };
  readonly decisions: Array<{ provider: string; effect: string; rule_id: string; matched: string | null }>;
}

function check(ip: string): CheckOut {
  const r = runCli(['--config', join(dir, 'cordon.yaml'), 'check', ip, '--json'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as CheckOut;
}

describe('cordon check with anonymizer lists', () => {
  test('--json: a Tor-listed address carries tor, and the operator rule on it decides', () => {
    const out = check(TOR_EXIT);
    assert.deepEqual([out.origin.ip, out.origin.country, out.origin.anonymizer], [TOR_EXIT, 'DE', ['tor']]);
    assert.deepEqual(out.decisions.map((d) => [d.provider, d.effect, d.rule_id, d.matched]), [['openai', 'deny', 'operator.no_tor', 'anonymizer=tor']]);
  });

  test('--json: the bundled hosting ASN list flags a cloud network; the tor rule does not apply to it', () => {
    const out = check(IPS.US); // 8.8.8.8, AS15169
    assert.deepEqual(out.origin.anonymizer, ['hosting']);
    assert.deepEqual(out.decisions.map((d) => d.effect), ['allow']);
  });

  test('no warning on stderr with origin.lists; the old key enforcement.lists still works, with one deprecation line', () => {
    assert.equal(runCli(['--config', join(dir, 'cordon.yaml'), 'check', TOR_EXIT, '--json'], { cwd: dir }).stderr, '');
    const old = join(dir, 'cordon-old-key.yaml');
    writeFileSync(old, stringify({
      store: { url: `sqlite:${join(dir, 'cordon.sqlite')}` },
      data_dir: TEST_DATA_DIR,
      policy: { file: 'policy.yaml' },
      enforcement: { enabled: false, lists: { tor_exits: 'tor-exits.txt' } },
      providers: { openai: {} },
      models: { chat: { deployments: [{ provider: 'openai', model: 'gpt-4o-mini' }] } },
    }));
    const r = runCli(['--config', old, 'check', TOR_EXIT, IPS.US, '--json'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const [tor, us] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as CheckOut);
    assert.deepEqual([tor?.origin.anonymizer, tor?.decisions.map((d) => d.rule_id)], [['tor'], ['operator.no_tor']], 'the lists are read from the old key as before');
    assert.deepEqual(us?.origin.anonymizer, ['hosting']);
    assert.deepEqual(r.stderr.split('\n').filter((l) => l !== ''), [`cordon: warning: ${old}: enforcement.lists is deprecated: the anonymizer lists are origin facts, so move the section to origin.lists (same keys). Until then it is read as origin.lists.`]);
  });
});

describe('cordon check with several addresses', () => {
  const AT = '2025-06-30';
  const SY = '82.137.200.1'; // Syria: denied by the US sanctions preset until 2025-07-01
  const config = ['--config', join(dir, 'cordon.yaml')];
  const cli = (args: readonly string[], input?: string) => runCli([...config, ...args], { cwd: dir, input });
  const jsonLines = (stdout: string): unknown[] => stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);

  test('several addresses: one JSON object per line, in order, each exactly what the address alone gives', () => {
    const r = cli(['check', IPS.US, IPS.CRIMEA, '2001:4860:4860:0:0:0:0:8888', '--json', '--at', AT]);
    assert.equal(r.status, 0, r.stderr);
    const lines = jsonLines(r.stdout) as CheckOut[];
    assert.deepEqual(lines.map((l) => l.origin.ip), [IPS.US, IPS.CRIMEA, '2001:4860:4860::8888']);
    const alone = cli(['check', IPS.CRIMEA, '--json', '--at', AT]);
    assert.equal(alone.stdout.split('\n').length, 2, 'one address: one line, as before');
    assert.deepEqual(lines[1], JSON.parse(alone.stdout));
  });

  test('- reads standard input: blank lines and comments skipped, a bad line answered in its place, exit 1', () => {
    const input = `# addresses from the edge log\n${IPS.US}\n\n  nope  \r\n${IPS.CRIMEA}\r\n2001:4860:4860:0:0:0:0:8888`;
    const r = cli(['check', '-', '--json', '--at', AT], input);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not an address: 1 \(first: line 4\)/);
    const lines = jsonLines(r.stdout) as Array<CheckOut & { line?: number; input?: string; error?: string }>;
    assert.equal(lines.length, 4);
    assert.deepEqual(lines[1], { line: 4, input: 'nope', error: 'not an IPv4 or IPv6 address' });
    assert.deepEqual([lines[0], lines[2], lines[3]].map((l) => l?.origin.ip), [IPS.US, IPS.CRIMEA, '2001:4860:4860::8888']);
    assert.deepEqual(lines[2]?.decisions.map((d) => d.rule_id), ['law.us_sanctions.crimea']);
  });

  test('--provider and --at apply to every address', () => {
    const r = cli(['check', '-', '--json', '--provider', 'deepseek', '--at', AT], `${SY}\n${IPS.US}\n${SY}\n`);
    assert.equal(r.status, 0, r.stderr);
    const lines = jsonLines(r.stdout) as Array<CheckOut & { at: string }>;
    assert.deepEqual(lines.map((l) => [l.origin.ip, l.at, l.decisions.map((d) => `${d.provider} ${d.effect} ${d.rule_id}`)]), [
      [SY, '2025-06-30T00:00:00.000Z', ['deepseek deny law.us_sanctions.sy']],
      [IPS.US, '2025-06-30T00:00:00.000Z', ['deepseek allow operator.default']],
      [SY, '2025-06-30T00:00:00.000Z', ['deepseek deny law.us_sanctions.sy']],
    ]);
  });

  test('text: one block per address, separated by a blank line; a bad line goes to stderr', () => {
    const r = cli(['check', '-', '--at', AT], `${IPS.US}\n1.2.3\n${IPS.CRIMEA}\n`);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 2: "1\.2\.3" is not an IPv4 or IPv6 address/);
    const alone = (ip: string) => cli(['check', ip, '--at', AT]).stdout;
    assert.equal(r.stdout, `${alone(IPS.US)}\n${alone(IPS.CRIMEA)}`);
  });

  test('usage errors: - with other addresses, an argument that is not an address (exit 2, nothing printed)', () => {
    for (const args of [[IPS.US, '-'], [IPS.US, 'nope']]) {
      const r = cli(['check', ...args, '--json']);
      assert.deepEqual([r.status, r.stdout], [2, ''], r.stderr);
    }
  });
});

describe('cordon check - on a large input', () => {
  /** 50,000 lines over 20,011 distinct addresses, as logs repeat their callers. */
  const addresses = Array.from({ length: 50_000 }, (_, i) => {
    const n = (i * 7919) % 20_011;
    return `${1 + (n % 200)}.${(n >> 8) & 255}.${n & 255}.${1 + (i % 3)}`;
  });

  /** The CLI with the addresses on its standard input; `inputError` is set if it stops reading before the end. */
  function start(): { child: ChildProcessWithoutNullStreams; inputError: () => string | undefined } {
    const child = spawnCli(['--config', join(dir, 'cordon.yaml'), 'check', '-', '--json', '--provider', 'openai'], { cwd: dir });
    let inputError: string | undefined;
    child.stdin.on('error', (e: NodeJS.ErrnoException) => (inputError = e.code));
    child.stdin.end(`${addresses.join('\n')}\n`);
    return { child, inputError: () => inputError };
  }

  test('streams one line per address, in input order', async () => {
    const { child } = start();
    let rest = '';
    let count = 0;
    let misplaced = 0;
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      const lines = (rest + data).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if ((JSON.parse(line) as CheckOut).origin.ip !== addresses[count++]) misplaced++;
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [status] = (await once(child, 'close')) as [number | null];
    assert.equal(status, 0, stderr);
    assert.deepEqual({ count, misplaced, rest }, { count: addresses.length, misplaced: 0, rest: '' });
  });

  test('a reader that goes away (| head) ends it quietly, without reading the rest', async () => {
    const { child, inputError } = start();
    child.stdout.once('data', () => child.stdout.destroy());
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [status] = (await once(child, 'close')) as [number | null];
    assert.deepEqual({ status, stderr, input: inputError() }, { status: 0, stderr: '', input: 'EPIPE' });
  });
});
