/**
 * The interface scripts and operators rely on, through the real CLI in child processes: a key created
 * with `cordon keys create` in a directory is seen by `cordon serve` started in the same directory on
 * its embedded defaults (SQLite, bundled geo data, simulated upstream); PORT and
 * CORDON_TRUSTED_PROXIES are honoured; `cordon check` explains decisions with stable JSON and exit codes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import OpenAI from 'openai';
import { runCli, spawnCli, waitForLine } from '../helpers/cli.js';
import { IPS } from '../helpers/gateway-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'cordon-cli-'));
let server: ChildProcessWithoutNullStreams;
let url: string;
let key: string;
let summary: { store: string; hot_state: string; geo: string };

before(async () => {
  const created = runCli(['keys', 'create', '--tenant', 'acme', '--country', 'de', '--json'], { cwd: dir });
  assert.equal(created.status, 0, created.stderr);
  key = (JSON.parse(created.stdout) as { key: string }).key;
  server = spawnCli(['serve', '--json'], { cwd: dir, env: { PORT: '0', CORDON_TRUSTED_PROXIES: '127.0.0.1/32' } });
  const line = await waitForLine(server, /\{.*"url":"(http:\/\/127\.0\.0\.1:\d+)".*\}/);
  url = line[1] as string;
  summary = JSON.parse(line[0]) as typeof summary;
});

after(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  rmSync(dir, { recursive: true, force: true });
});

function client(ip: string): OpenAI {
  return new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': ip } });
}

describe('cordon serve on its embedded defaults', () => {
  test('the startup summary names the store, the hot state and the geo data with its date', () => {
    assert.match(summary.store, /^SQLite .*\.cordon\/cordon\.sqlite$/);
    assert.equal(summary.hot_state, 'in process (one instance)');
    assert.match(summary.geo, /location: city ipv4 \(\d{4}-\d{2}-\d{2}\)/);
  });

  test('/healthz answers once the gateway can serve', async () => {
    const res = await fetch(`${url}/healthz`);
    assert.equal(res.status, 200);
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
  });

  test('a key from `cordon keys create` works; the simulated upstream answers, clearly labelled', async () => {
    const { data, response } = await client(IPS.DE).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    assert.equal(response.headers.get('x-cordon-simulated'), 'true');
    assert.equal(data.system_fingerprint, 'cordon-simulated');
    assert.match(data.choices[0]?.message.content ?? '', /^\[simulated openai\/gpt-4o-mini\]/);
  });

  test('the simulated upstream streams', async () => {
    const stream = await client(IPS.DE).chat.completions.create({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'hello' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.match(text, /^\[simulated openai\/gpt-4o-mini\] This answer comes from Cordon's local simulated upstream/);
  });

  test('China is routed to DeepSeek; North Korea is refused with OpenAI\'s code', async () => {
    const { response } = await client(IPS.CN).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    assert.equal(response.headers.get('x-cordon-provider'), 'deepseek');
    await assert.rejects(client(IPS.KP).chat.completions.create({ model: 'chat', messages: [] }), (err: unknown) => err instanceof OpenAI.PermissionDeniedError && err.code === 'unsupported_country_region_territory');
  });

  test('a revoked key stops working at once', async () => {
    const created = runCli(['keys', 'create', '--tenant', 'temp', '--json'], { cwd: dir });
    const secret = (JSON.parse(created.stdout) as { key: string; id: string });
    const c = new OpenAI({ baseURL: `${url}/v1`, apiKey: secret.key, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': IPS.DE } });
    await c.models.list();
    assert.equal(runCli(['keys', 'revoke', secret.id], { cwd: dir }).status, 0);
    await assert.rejects(c.models.list(), OpenAI.AuthenticationError);
  });
});

describe('cordon check', () => {
  test('--json prints the origin and one decision per configured provider; exit 0 even when denied', () => {
    const r = runCli(['check', IPS.KP, '--json'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { origin: { ip: string; country: string }; decisions: Array<{ provider: string; effect: string; layer: string; rule_id: string }> };
    assert.equal(out.origin.ip, IPS.KP);
    assert.equal(out.origin.country, 'KP');
    assert.deepEqual(out.decisions.map((d) => [d.provider, d.effect, d.layer, d.rule_id]), [
      ['openai', 'deny', 'law', 'law.us_sanctions.kp'],
      ['anthropic', 'deny', 'law', 'law.us_sanctions.kp'],
      ['deepseek', 'deny', 'law', 'law.us_sanctions.kp'],
      ['gemini', 'deny', 'law', 'law.us_sanctions.kp'],
    ]);
  });

  test('--provider and --at: Syria before and after the programme ended at 2025-07-01 00:00 EDT', () => {
    const syria = '5.0.0.1';
    const before = JSON.parse(runCli(['check', syria, '--provider', 'deepseek', '--at', '2025-06-30', '--json'], { cwd: dir }).stdout) as { decisions: Array<{ effect: string; rule_id: string }> };
    assert.deepEqual(before.decisions.map((d) => [d.effect, d.rule_id]), [['deny', 'law.us_sanctions.sy']]);
    const midnightUtc = JSON.parse(runCli(['check', syria, '--provider', 'deepseek', '--at', '2025-07-01', '--json'], { cwd: dir }).stdout) as { decisions: Array<{ effect: string }> };
    assert.deepEqual(midnightUtc.decisions.map((d) => d.effect), ['deny'], 'the order ended the programme at the start of 1 July in Washington, 04:00 UTC');
    const afterEnd = JSON.parse(runCli(['check', syria, '--provider', 'deepseek', '--at', '2025-07-01T00:00:00-04:00', '--json'], { cwd: dir }).stdout) as { decisions: Array<{ effect: string }> };
    assert.deepEqual(afterEnd.decisions.map((d) => d.effect), ['allow']);
  });

  test('crimea by subdivision, with a human explanation', () => {
    const r = runCli(['check', IPS.CRIMEA, '--provider', 'openai'], { cwd: dir });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /UA-43/);
    assert.match(r.stdout, /openai: deny by law rule law\.us_sanctions\.crimea \(subdivision=UA-43\)/);
  });

  test('bad input exits non-zero with a message', () => {
    const bad = runCli(['check', 'not-an-ip'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /"not-an-ip" is not an IPv4 or IPv6 address/);
    assert.notEqual(runCli(['check', IPS.US, '--provider', 'nope'], { cwd: dir }).status, 0);
    assert.notEqual(runCli(['check', IPS.US, '--at', 'yesterday'], { cwd: dir }).status, 0);
  });
});
