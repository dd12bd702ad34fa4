/**
 * What a request's evidence costs the SQLite store, in CPU: its decision record awaited, a turn of the
 * event loop, its usage record awaited — through the audit journal (the default install), then sealed
 * into the chained log and projected (a reader catches up at the end of each round, so every round pays
 * for all of it). 16 requests in flight, as the gateway under load.
 *
 * With `--base DIR` (a checkout of another commit, e.g. `git worktree add /tmp/base HEAD~1`, its
 * node_modules linked or installed) the rounds alternate between that checkout's code and this one's,
 * each on its own database, in this one process: the VM's drift (2× from hour to hour here) lands on
 * both alike, and the paired ratio of neighbouring rounds says which is cheaper when whole runs cannot.
 *
 * Usage: npx tsx scripts/bench-evidence.ts [--base DIR] [--requests N=4000] [--rounds R=12]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type * as AuditModule from '../src/audit/index.js';
import type * as StoreModule from '../src/store/index.js';

const { values } = parseArgs({ options: { base: { type: 'string' }, requests: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '12' } } });
const N = Number(values.requests);
const ROUNDS = Number(values.rounds);
const IN_FLIGHT = 16;

interface Build {
  readonly name: string;
  readonly audit: typeof AuditModule;
  readonly store: typeof StoreModule;
}

async function load(name: string, root: string): Promise<Build> {
  const audit = (await import(join(root, 'src/audit/index.ts'))) as typeof AuditModule;
  const store = (await import(join(root, 'src/store/index.ts'))) as typeof StoreModule;
  return { name, audit, store };
}

let serial = 0;
/** A routed request's two records, as the recorder writes them. */
function records(audit: typeof AuditModule): [AuditModule.AuditEntry, AuditModule.AuditEntry] {
  const at = Date.now();
  const id = `dec_${at.toString(16).padStart(12, '0')}${(serial++).toString(16).padStart(20, '0')}`;
  const account = { keyId: 'key_0123456789abcdef0123', tenantId: 'ten_0123456789abcdef0123', tenant: 'acme' };
  const decision = audit.decisionData({
    requestId: id, endpoint: '/chat/completions', model: 'chat', stream: false,
    origin: { ip: '81.2.69.0/24', source: 'forwarded', country: 'GB', subdivisions: ['GB-ENG'], asn: 20712, anonymizer: [], unknown: null, carrier: null },
    ...account, registeredCountry: 'GB', policyHash: 'c'.repeat(64), outcome: 'routed', code: null, provider: 'openai', upstreamModel: 'gpt-4o-mini',
    decisions: ['openai', 'deepseek'].map((provider) => ({ provider, effect: 'allow' as const, layer: 'operator' as const, rule: 'operator.default', matched: null })),
    attestation: null, dataVersion: 'dv_0123456789abcdef',
  });
  const usage = audit.usageData({
    requestId: id, ...account, country: 'GB', model: 'chat', provider: 'openai', upstreamModel: 'gpt-4o-mini', status: 200, complete: true,
    usage: { inputTokens: 11, cachedInputTokens: 0, outputTokens: 7 }, costNanoUsd: 5850,
  });
  return [
    { kind: 'decision', at, ref: id, data: decision },
    { kind: 'usage', at: at + 1, ref: id, data: usage },
  ];
}

/** CPU µs per request for one round of N requests, caught up at the end. */
async function round(build: Build, store: StoreModule.Store): Promise<number> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < N) {
        const [decision, usage] = records(build.audit);
        await store.audit.append(decision);
        await new Promise((done) => setImmediate(done)); // the upstream's answer comes in a later turn
        await store.audit.append(usage);
      }
    }),
  );
  await store.audit.summary(); // seals and projects what is left
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / N;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const builds = [await load('this checkout', resolve(import.meta.dirname, '..'))];
if (values.base !== undefined) builds.unshift(await load(`base ${values.base}`, resolve(values.base)));
const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-evidence-'));
const stores = builds.map((b, i) => b.store.openSqliteStore({ path: join(dir, `${i}.sqlite`), clock: { now: Date.now }, synchronous: 'normal', auditJournal: true }));
const results: number[][] = builds.map(() => []);
try {
  await round(builds.at(-1) as Build, stores.at(-1) as StoreModule.Store); // warm-up, not counted
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < builds.length; i++) results[i]?.push(await round(builds[i] as Build, stores[i] as StoreModule.Store));
  }
} finally {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
}
for (let i = 0; i < builds.length; i++) {
  console.log(`${builds[i]?.name}: ${median(results[i] ?? []).toFixed(1)} µs CPU per request (median of ${ROUNDS} rounds of ${N})`);
}
if (builds.length === 2) {
  const ratios = (results[1] ?? []).map((x, r) => x / (results[0]?.[r] ?? NaN));
  console.log(`this checkout ÷ base, round by round: median ${median(ratios).toFixed(3)} [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`);
}
