/**
 * Simulation speed on a large recorded log. Generates N decision records (default 1,000,000, plus a
 * usage record for each served one) through the real audit append path into a SQLite file, then
 * replays them: the candidate is examples/policies/open-cn-deepseek.yaml, the baseline the built-in
 * default policy. Reports records per second for
 *   - end to end: paging the recorded requests out of SQLite and simulating them (what
 *     `cordon policy simulate` does), second of two rounds;
 *   - the engine alone (records already in memory), with and without the decision memo.
 * Rates are given per second of wall time and per second of this process's CPU time (user + system):
 * on a shared or loaded machine the second is the one to compare, it is what one core does.
 * Usage: npx tsx scripts/bench-simulate.ts [records=1000000] [--keep FILE]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decisionData, usageData, type AuditEntry } from '../src/audit/index.js';
import { priceBook } from '../src/operations/price-book.js';
import type { RecordedRequest } from '../src/domain/recorded.js';
import { compilePolicy, loadDefaultPolicy, loadPolicyFile, loadPresetCatalog } from '../src/policy/index.js';
import { Simulation } from '../src/simulation/index.js';
import { openSqliteStore } from '../src/store/index.js';

const N = Number(process.argv[2] ?? 1_000_000);
const keepIndex = process.argv.indexOf('--keep');
const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-sim-'));
const path = keepIndex > 0 ? (process.argv[keepIndex + 1] as string) : join(dir, 'log.sqlite');
const T0 = Date.UTC(2026, 11, 1);
const MONTH = 30 * 86_400_000;

/** Deterministic pseudo-random numbers (mulberry32), so every run replays the same log. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(42);
/** Runs `body`, returns wall and CPU seconds. */
async function timed(body: () => Promise<void> | void): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await body();
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function rate(n: number, t: { wall: number; cpu: number }): string {
  return `${Math.round(n / t.wall).toLocaleString('en-US')} /s wall, ${Math.round(n / t.cpu).toLocaleString('en-US')} /s CPU`;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const COUNTRIES: readonly (readonly [string | null, number, readonly string[]])[] = [
  ['US', 30, []], ['DE', 8, []], ['GB', 6, []], ['IN', 8, []], ['BR', 5, []], ['FR', 4, []], ['JP', 4, []],
  ['CN', 8, ['CN-SH', 'CN-BJ', 'CN-GD']], ['HK', 2, []], ['RU', 3, ['RU-MOW', 'RU-SPE']], ['UA', 3, ['UA-30', 'UA-43', 'UA-14']],
  ['IR', 1, []], ['KP', 0.2, []], ['CU', 0.3, []], ['SY', 0.3, []], ['VN', 3, []], ['NG', 3, []], ['ID', 3, []], [null, 1.2, []],
];
const WEIGHT = COUNTRIES.reduce((n, c) => n + c[1], 0);
function country(): (typeof COUNTRIES)[number] {
  let x = random() * WEIGHT;
  for (const c of COUNTRIES) if ((x -= c[1]) <= 0) return c;
  return COUNTRIES[0] as (typeof COUNTRIES)[number];
}

const ROUTES = { chat: ['openai', 'deepseek', 'anthropic', 'gemini'], local: ['my-vllm'] } as const;
const config = {
  models: [
    { name: 'chat', strategy: 'priority' as const, deployments: ROUTES.chat.map((provider, priority) => ({ provider, model: `${provider}-model`, price: { input: 0.15 * (priority + 1), cachedInput: null, output: 0.6 * (priority + 1) }, priority })) },
    { name: 'local', strategy: 'priority' as const, deployments: [{ provider: 'my-vllm', model: 'llama', price: { input: 0.05, cachedInput: null, output: 0.05 }, priority: 0 }] },
  ],
};

function entries(i: number): AuditEntry[] {
  const [cc, , subs] = country();
  const id = `dec_${i.toString(16).padStart(12, '0')}`;
  const at = T0 + Math.floor((i / N) * MONTH);
  const route = random() < 0.85 ? 'chat' : 'local';
  const providers = ROUTES[route];
  const served = cc !== 'KP' && cc !== 'IR' && cc !== 'CU' && !(cc === 'CN' && route === 'chat' && random() < 0.5);
  const key = `key_${Math.floor(random() * 2000)}`;
  const sub = subs.length > 0 && random() < 0.6 ? [pick(subs)] : [];
  const decision: AuditEntry = {
    kind: 'decision',
    at,
    ref: id,
    data: decisionData({
      requestId: id, endpoint: '/chat/completions', model: route, stream: random() < 0.5,
      origin: { ip: '192.0.2.0/24', source: 'forwarded', country: cc, subdivisions: sub, asn: 64_000 + Math.floor(random() * 400), anonymizer: random() < 0.03 ? ['vpn'] : [], unknown: cc === null ? 'not_found' : null },
      keyId: key, tenantId: `ten_${key}`, tenant: `tenant-${Number(key.slice(4)) % 100}`, registeredCountry: 'US', policyHash: 'd'.repeat(64),
      outcome: served ? 'routed' : 'refused', code: served ? null : 'policy_region_denied', provider: served ? providers[0] : null, upstreamModel: served ? 'm' : null,
      decisions: providers.map((p) => ({ provider: p, effect: served ? 'allow' : 'deny', layer: 'operator', rule: 'x', matched: null })), attestation: null,
    }),
  };
  if (!served) return [decision];
  const input = 200 + Math.floor(random() * 3000);
  const output = 50 + Math.floor(random() * 1000);
  return [decision, {
    kind: 'usage', at: at + 800, ref: id,
    data: usageData({ requestId: id, keyId: key, tenantId: `ten_${key}`, tenant: 'x', country: cc, model: route, provider: providers[0], upstreamModel: 'm', status: 200, complete: true, usage: { inputTokens: input, cachedInputTokens: 0, outputTokens: output }, costNanoUsd: input * 150 + output * 600 }),
  }];
}

async function main(): Promise<void> {
  const store = openSqliteStore({ path, clock: { now: Date.now } });
  const existing = await store.evidence.requests.count({ from: null, to: null });
  if (existing < N) {
    let records = 0;
    const t = await timed(async () => {
      for (let i = existing; i < N; ) {
        const batch: AuditEntry[] = [];
        for (const end = Math.min(N, i + 5000); i < end; i++) batch.push(...entries(i));
        records += batch.length;
        await store.audit.appendMany(batch);
        if (i % 100_000 === 0) process.stderr.write(`\rgenerating ${i.toLocaleString('en-US')} / ${N.toLocaleString('en-US')}`);
      }
    });
    process.stderr.write('\r\u001b[K');
    console.log(`generated ${N.toLocaleString('en-US')} decisions (${records.toLocaleString('en-US')} chained audit records) in ${t.wall.toFixed(1)} s: ${rate(records, t)} appends`);
  }

  const presets = loadPresetCatalog();
  const providers = [{ id: 'my-vllm', terms: null }];
  const baseline = compilePolicy(loadDefaultPolicy(presets), { presets, providers });
  const candidate = compilePolicy(loadPolicyFile(new URL('../examples/policies/open-cn-deepseek.yaml', import.meta.url).pathname, presets), { presets, providers });
  const prices = priceBook(config.models);

  // End to end first, while nothing else is held in memory.
  for (let round = 0; round < 2; round++) {
  const sim = new Simulation(baseline, candidate, prices);
  const t = await timed(async () => {
    for await (const batch of store.evidence.requests.scan({ from: null, to: null })) sim.add(batch);
  });
  if (round === 1) console.log(`end to end (SQLite pages + simulation, as cordon policy simulate): ${rate(sim.scanned, t)} over ${sim.scanned.toLocaleString('en-US')} records in ${t.wall.toFixed(2)} s`);
  }

  const all: RecordedRequest[] = [];
  const read = await timed(async () => {
    for await (const batch of store.evidence.requests.scan({ from: null, to: null })) for (const r of batch) all.push(r);
  });
  console.log(`read ${all.length.toLocaleString('en-US')} recorded requests into memory: ${rate(all.length, read)}`);

  for (const memo of [true, false]) {
    for (let round = 0; round < 2; round++) {
      const sim = new Simulation(baseline, candidate, prices, { memo });
      const t = await timed(() => {
        for (let i = 0; i < all.length; i += 10_000) sim.add(all.slice(i, i + 10_000));
      });
      const r = sim.result();
      if (round === 1) console.log(`engine, ${memo ? 'memoised' : 'every request evaluated'}: ${rate(all.length, t)} (opened ${r.totals.opened.requests}, closed ${r.totals.closed.requests})`);
    }
  }

  await store.close();
  if (keepIndex < 0) rmSync(dir, { recursive: true, force: true });
}

await main();
