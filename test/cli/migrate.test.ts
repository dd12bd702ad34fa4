/** `cordon migrate` on SQLite (the PostgreSQL run is in test/scale/multi-instance.test.ts). */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cordon-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('applies the migrations once, prints the version, and is a no-op the second time', () => {
  const env = { CORDON_STORE_URL: `sqlite:${join(dir, 'store', 'cordon.db')}` };
  const latest = MIGRATIONS.length;
  const first = runCli(['migrate'], { cwd: dir, env });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`cordon\\.db: schema version ${latest} \\(applied 1–${latest}\\)`));
  const again = runCli(['migrate', '--json'], { cwd: dir, env });
  assert.deepEqual(JSON.parse(again.stdout), { backend: 'sqlite', location: join(dir, 'store', 'cordon.db'), from: latest, version: latest, applied: 0 });
});

test('a store that cannot be opened is one error line and exit 1', () => {
  const run = runCli(['migrate'], { cwd: dir, env: { CORDON_STORE_URL: 'postgres://u:pw@127.0.0.1:1/x' } });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^error: Cannot open the Cordon store at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: nothing answers/);
  assert.doesNotMatch(run.stderr, /pw@/);
});
