/**
 * What the durable usage write costs (docs/benchmarks.md, "Usage records before the last byte"). Runs
 * the evidence recorder as the gateway does — the decision record awaited, the answer metered through
 * the relay's tap, its end awaited — over a SQLite file (WAL, synchronous=NORMAL), two ways in the same
 * process, interleaved:
 *   - previous: the usage record appended lazily and not awaited (the write path before issue 14:
 *     the answer's last byte went out at once, the record joined a later commit);
 *   - durable: the answer's last part waits until its usage record is committed (this build).
 * Reports, per request, the wall time from the decision to the last byte released and the CPU time,
 * for JSON answers and streams at 1, 16 and 64 requests in flight, and the ratio durable ÷ previous.
 * Usage: npx tsx scripts/bench-usage-write.ts [requests per cell=4000] [rounds=3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DEFAULT_IP_TRUNCATION, type AuditLog } from '../src/audit/index.js';
import type { RequestFacts } from '../src/domain/request-facts.js';
import type { Deployment } from '../src/domain/route.js';
import { createEvidenceRecorder } from '../src/recorder/index.js';
import { silentLogger } from '../src/observability/logger.js';
import { openSqliteStore, type Store } from '../src/store/index.js';

const N = Number(process.argv[2] ?? 4000);
const ROUNDS = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-usage-'));
const deployment: Deployment = { provider: 'openai', model: 'gpt-4o-mini', price: { input: 0.15, cachedInput: null, output: 0.6 }, priority: 0 };
const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
const JSON_BODY = JSON.stringify({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }], usage });
const SSE_CHUNKS = [
  ...['Hello', ' there', ', how', ' are', ' you'].map((c) => `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content: c } }] })}\n\n`),
  `data: ${JSON.stringify({ id: 'c', choices: [], usage })}\n\n`,
  'data: [DONE]\n\n',
];

function facts(i: number, stream: boolean): RequestFacts {
  const requestId = `dec_${i.toString(16).padStart(32, '0')}`;
  return {
    requestId, at: Date.now(), endpoint: '/chat/completions', model: 'chat', stream,
    origin: { ip: '85.214.132.117', source: 'forwarded', country: 'DE', subdivisions: ['DE-BE'], city: 'Berlin', latitude: 52.5, longitude: 13.4, asn: 6724, org: 'Deutsche Telekom', anonymizer: [], unknown: null, carrier: null },
    account: { keyId: 'key_0123456789abcdef0123', tenantId: 'ten_0123456789abcdef0123', tenantName: 'acme', registeredCountry: 'DE' },
    key: { id: 'key_0123456789abcdef0123' } as RequestFacts['key'],
    decisions: ['openai', 'deepseek', 'anthropic', 'gemini'].map((provider) => ({ provider, effect: 'allow' as const, layer: 'operator' as const, ruleId: 'operator.default', matched: null, policyHash: 'c'.repeat(64), trail: [] })),
    policyHash: 'c'.repeat(64), attestation: null,
  } as RequestFacts;
}

/** The previous write path: a usage append lazily queued and answered at once (nothing waits for it). */
function previousPath(store: Store): AuditLog {
  return {
    append: (entry, options) => {
      if (entry.kind !== 'usage') return store.audit.append(entry, options);
      store.audit.append(entry, { lazy: true }).catch(() => undefined);
      return Promise.resolve();
    },
  };
}

let serial = 0;
async function cell(path: 'previous' | 'durable', stream: boolean, inFlight: number): Promise<{ wallUs: number; cpuUs: number }> {
  const store = openSqliteStore({ path: join(dir, `${path}-${serial++}.sqlite`), clock: { now: Date.now } });
  const audit = path === 'durable' ? store.audit : previousPath(store);
  const recorder = createEvidenceRecorder({ audit, truncation: DEFAULT_IP_TRUNCATION, now: Date.now, logger: silentLogger });
  let next = 0;
  let wall = 0;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < N) {
        const f = facts(serial * N + next++, stream);
        const t = performance.now();
        await recorder.recordDecision(f, { kind: 'routed', deployment });
        const chunks = stream ? SSE_CHUNKS : [JSON_BODY];
        const body = Readable.from(chunks.map((c) => Buffer.from(c)), { objectMode: false });
        const headers = { 'content-type': stream ? 'text/event-stream' : 'application/json' };
        const { rewrite } = recorder.meter(f, deployment, { status: 200, headers, body }, { stripUsageChunk: stream, request: { messages: [] } });
        body.on('data', (c: Buffer) => rewrite?.push(c));
        body.resume();
        await new Promise((resolve) => body.once('end', resolve));
        await rewrite?.end();
        wall += performance.now() - t;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  return { wallUs: (wall / N) * 1000, cpuUs: (cpu.user + cpu.system) / N };
}

const results = new Map<string, { wallUs: number[]; cpuUs: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const stream of [false, true]) {
    for (const inFlight of [1, 16, 64]) {
      // Interleaved, alternating which goes first, so drift on a shared machine falls on both.
      const order = round % 2 === 0 ? (['previous', 'durable'] as const) : (['durable', 'previous'] as const);
      for (const path of order) {
        const r = await cell(path, stream, inFlight);
        const key = `${stream ? 'SSE ' : 'JSON'} ${String(inFlight).padStart(2)} ${path}`;
        const acc = results.get(key) ?? { wallUs: [], cpuUs: [] };
        acc.wallUs.push(r.wallUs);
        acc.cpuUs.push(r.cpuUs);
        results.set(key, acc);
      }
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(`${N} requests per cell, ${ROUNDS} rounds, medians (µs per request):`);
console.log('answer in-flight | previous wall  CPU | durable wall  CPU | wall ×  CPU ×');
for (const stream of [false, true]) {
  for (const inFlight of [1, 16, 64]) {
    const k = `${stream ? 'SSE ' : 'JSON'} ${String(inFlight).padStart(2)}`;
    const p = results.get(`${k} previous`) as { wallUs: number[]; cpuUs: number[] };
    const d = results.get(`${k} durable`) as { wallUs: number[]; cpuUs: number[] };
    const [pw, pc, dw, dc] = [median(p.wallUs), median(p.cpuUs), median(d.wallUs), median(d.cpuUs)];
    console.log(`${k.padEnd(16)} | ${pw.toFixed(0).padStart(13)} ${pc.toFixed(0).padStart(4)} | ${dw.toFixed(0).padStart(12)} ${dc.toFixed(0).padStart(4)} | ${(dw / pw).toFixed(2).padStart(6)} ${(dc / pc).toFixed(2).padStart(5)}`);
  }
}
rmSync(dir, { recursive: true, force: true });
