/** The entry point loads only the command group a call names; help still lists them all. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestedCommand } from '../../src/cli/program.js';
import { runCli } from '../helpers/cli.js';

test('the command group is found past the global --config option', () => {
  assert.equal(requestedCommand(['keys', 'list']), 'keys');
  assert.equal(requestedCommand(['--config', 'cordon.yaml', 'check', '8.8.8.8']), 'check');
  assert.equal(requestedCommand(['-c', 'cordon.yaml', 'admin-tokens', 'list']), 'admin-tokens');
  assert.equal(requestedCommand(['--config=cordon.yaml', 'serve']), 'serve');
  assert.equal(requestedCommand(['--help']), null, 'help loads every group');
  assert.equal(requestedCommand(['chekc', '8.8.8.8']), null, 'a typo loads every group, for the suggestion');
  assert.equal(requestedCommand(['constructor']), null);
  assert.equal(requestedCommand([]), null);
});

test('cordon --help lists every command group; a typo gets a suggestion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-cli-main-'));
  try {
    const help = runCli(['--help'], { cwd: dir });
    assert.equal(help.status, 0, help.stderr);
    for (const name of ['serve', 'check', 'keys', 'migrate', 'policy', 'presets', 'geo', 'audit', 'usage', 'reach', 'accounts', 'tenants', 'admin-tokens']) {
      assert.match(help.stdout, new RegExp(`^  ${name}\\b`, 'm'), name);
    }
    const typo = runCli(['chekc', '8.8.8.8'], { cwd: dir });
    assert.notEqual(typo.status, 0);
    assert.match(typo.stderr, /Did you mean check\?/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
