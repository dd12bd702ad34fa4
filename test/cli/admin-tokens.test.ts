/** `cordon admin-tokens create|list|revoke`, then the token used against a real admin API. */
import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import { adminTokensCommand } from '../../src/cli/commands/admin-tokens.js';
import { openSqliteStore } from '../../src/store/index.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-cli-admin-'));
const path = join(root, 'cordon.db');
after(() => rmSync(root, { recursive: true, force: true }));
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

async function run(...args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  const out = new Capture();
  const err = new Capture();
  const cmd: Command = adminTokensCommand({ out, err, openStore: async () => openSqliteStore({ path, clock: { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) } }) });
  cmd.exitOverride();
  for (const sub of cmd.commands) sub.exitOverride();
  try {
    await cmd.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return { out: out.text, err: err.text, code: e.exitCode };
  }
  return { out: out.text, err: err.text, code: typeof process.exitCode === 'number' ? process.exitCode : undefined };
}

test('create prints the secret once; list shows prefixes only; revoke by prefix', async () => {
  const created = await run('create', '--role', 'admin', '--name', 'alice', '--json');
  const token = JSON.parse(created.out) as { token: string; id: string; role: string; prefix: string; name: string };
  assert.match(token.token, /^ck-admin-[A-Za-z0-9_-]{32}$/);
  assert.deepEqual([token.role, token.name, token.prefix], ['admin', 'alice', token.token.slice(0, 13)]);
  const text = await run('create', '--role', 'read');
  assert.match(text.out, /^ck-admin-\S+\n\nStore this token now/);
  const listed = await run('list');
  assert.match(listed.out, /^ID\s+PREFIX\s+NAME\s+ROLE/);
  assert.match(listed.out, /alice\s+admin/);
  assert.match(listed.out, /operator\s+read/);
  assert.doesNotMatch(listed.out, new RegExp(token.token));
  const revoked = await run('revoke', token.prefix, '--json');
  assert.equal((JSON.parse(revoked.out) as { revoked_at: string | null }).revoked_at, '2026-01-02T03:04:05Z');
  const store = openSqliteStore({ path, clock: { now: Date.now } });
  assert.equal((await store.adminTokens.authenticate(token.token))?.revokedAt, Date.UTC(2026, 0, 2, 3, 4, 5));
  await store.close();
});

test('a bad role or an unknown token is one error line and exit code 1; a missing --role is a usage error', async () => {
  const bad = await run('create', '--role', 'root');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^error: --role must be read or admin/);
  const unknown = await run('revoke', 'adm_nope');
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /No admin token has the id or prefix adm_nope/);
  const missing = await run('create');
  assert.notEqual(missing.code, 0);
  assert.match(missing.err, /required option '--role <role>'/);
});
