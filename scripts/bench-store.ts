/**
 * Measures AccountStore.findKeyBySecret on SQLite, the lookup every gateway request makes, on a WAL
 * file (what the gateway uses) and on :memory: (the same SQL without file locking, for comparison).
 * Usage: npx tsx scripts/bench-store.ts [keys=10000] [calls=200000]
 * Prints microseconds per awaited call, median of 5 rounds after a warm-up round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret, openSqliteStore, type SqliteStore } from '../src/store/index.js';

const keyCount = Number(process.argv[2] ?? 10_000);
const calls = Number(process.argv[3] ?? 200_000);
const TENANTS = 100;
const clock = { now: () => Date.now() };

async function fill(store: SqliteStore): Promise<string[]> {
  const secrets: string[] = [];
  for (let t = 0; t < TENANTS; t++) {
    const tenant = await store.accounts.ensureTenant({ name: `tenant-${t}`, registeredCountry: 'US' });
    for (let k = 0; k < keyCount / TENANTS; k++) secrets.push((await store.accounts.createKey(tenant.id)).secret);
  }
  return secrets;
}

async function round(body: (i: number) => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await body(i);
  return Number(process.hrtime.bigint() - start) / 1000 / calls;
}

async function measure(label: string, body: (i: number) => unknown): Promise<void> {
  await round(body); // warm-up: JIT and page cache
  const results: number[] = [];
  for (let r = 0; r < 5; r++) results.push(await round(body));
  results.sort((a, b) => a - b);
  const [min, , median, , max] = results.map((us) => us.toFixed(2));
  process.stdout.write(`${label.padEnd(40)} ${median} µs/call  (min ${min}, max ${max})\n`);
}

process.stdout.write(`${keyCount} keys in ${TENANTS} tenants, ${calls} calls per round, Node ${process.version}\n`);
const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-'));
try {
  for (const [name, path] of [['WAL file', join(dir, 'cordon.db')], [':memory:', ':memory:']] as const) {
    const store = openSqliteStore({ path, clock });
    const secrets = await fill(store);
    const misses = secrets.map((s) => `${s.slice(0, -4)}zzzz`);
    await measure(`findKeyBySecret, hit  (${name})`, (i) => store.accounts.findKeyBySecret(secrets[i % secrets.length] ?? ''));
    await measure(`findKeyBySecret, miss (${name})`, (i) => store.accounts.findKeyBySecret(misses[i % misses.length] ?? ''));
    await store.close();
  }
  await measure('hashSecret alone (SHA-256 hex)', (i) => hashSecret(`sk-cordon-${i}`));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
