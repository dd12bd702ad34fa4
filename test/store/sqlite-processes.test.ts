/**
 * The CLI and the gateway are separate processes on one SQLite file. Two child processes write at the
 * same time as this one reads and writes; WAL and busy_timeout must make every write succeed.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../src/store/index.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-procs-'));
after(() => rmSync(root, { recursive: true, force: true }));
const writerScript = fileURLToPath(new URL('./fixtures/write-keys.ts', import.meta.url));
const PER_CHILD = 500;

interface Writer {
  readonly ready: Promise<void>;
  readonly ids: Promise<string[]>;
  readonly child: ChildProcessWithoutNullStreams;
}

function startWriter(path: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path, 'shared', String(PER_CHILD)]);
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ids = new Promise<string[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      markReady();
      if (code === 0) resolve(JSON.parse(out.slice('ready\n'.length)) as string[]);
      else reject(new Error(`writer exited ${code}: ${err}`));
    });
  });
  return { ready, ids, child };
}

test('two processes write one file while a third reads and writes it', async () => {
  const path = join(root, 'cordon.db');
  const store = openSqliteStore({ path, clock: { now: () => Date.now() } });
  const writers = [startWriter(path), startWriter(path)];
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.child.stdin.end('go\n');
  let done = false;
  const all = Promise.all(writers.map((w) => w.ids)).finally(() => (done = true));
  let own = 0;
  while (!done) {
    const tenant = await store.accounts.ensureTenant({ name: 'shared', registeredCountry: null });
    await store.accounts.createKey(tenant.id);
    own++;
    await store.accounts.listKeys({ tenantId: tenant.id });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const ids = (await all).flat();
  assert.equal(new Set(ids).size, 2 * PER_CHILD);
  assert.equal((await store.accounts.listTenants()).length, 1, 'one tenant despite concurrent ensureTenant');
  assert.equal((await store.accounts.listKeys()).length, 2 * PER_CHILD + own);
  assert.ok(own > 0);
  await store.close();
});
