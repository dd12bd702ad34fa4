/**
 * Secrets are read when used: the real CLI, with a config that names a provider key, a webhook secret
 * and checkpoint keys none of which is set, runs the commands that use none of them, and the gateway
 * refuses to start, naming every one it uses (not the checkpoint signing key: the gateway never signs).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cordon-cli-secrets-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'cordon.yaml'),
  [
    'store: { url: sqlite:./cordon.db }',
    'providers:',
    '  openai: { api_key: env:UNSET_OPENAI_KEY }',
    'enforcement:',
    '  webhook: { url: "https://ops.example.com/hook", secret: env:UNSET_HOOK_SECRET }',
    'audit: { checkpoint_key: env:UNSET_CHECKPOINT_KEY, checkpoint_signing_key: env:UNSET_SIGNING_KEY }',
    '',
  ].join('\n'),
);
const cli = (...args: string[]) => runCli(['--config', 'cordon.yaml', ...args], { cwd: dir });

describe('secrets named in the config but not set', () => {
  test('keys create, keys list and check run: they use none of them', () => {
    const created = cli('keys', 'create', '--tenant', 'acme', '--json');
    assert.equal(created.status, 0, created.stderr);
    const listed = cli('keys', 'list', '--json');
    assert.equal(listed.status, 0, listed.stderr);
    assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 1);
    const checked = cli('check', '175.45.176.1', '--json');
    assert.equal(checked.status, 0, checked.stderr);
    assert.match(checked.stdout, /law\.us_sanctions\.kp/);
  });

  test('a command that uses one fails with the path and the variable', () => {
    const verified = cli('audit', 'verify');
    assert.notEqual(verified.status, 0);
    assert.match(verified.stderr, /audit\.checkpoint_key: environment variable UNSET_CHECKPOINT_KEY is not set/);
  });

  test('the gateway refuses to start and names every missing secret', () => {
    const served = cli('serve');
    assert.notEqual(served.status, 0);
    assert.match(served.stderr, /providers\.openai\.api_key: environment variable UNSET_OPENAI_KEY is not set/);
    assert.match(served.stderr, /enforcement\.webhook\.secret: environment variable UNSET_HOOK_SECRET is not set/);
    assert.match(served.stderr, /audit\.checkpoint_key: environment variable UNSET_CHECKPOINT_KEY is not set/);
    // The gateway never signs a checkpoint (`cordon audit prune|anchor` do): its private key stays out of the gateway's environment.
    assert.doesNotMatch(served.stderr, /checkpoint_signing_key/);
  });
});
