/**
 * What a durable decision record costs a request: the gateway awaits `audit.append` before it calls
 * the upstream. Measures, on a SQLite file in WAL mode with synchronous=NORMAL (durable against a
 * killed process) and FULL (also against power loss), with the audit journal (ADR 0015: a journal
 * write per batch, sealed later) and without it (a commit per batch):
 *   - one request at a time: each append is its own batch;
 *   - 64 requests in flight: appends arriving together share a batch (group commit).
 * Reports the mean latency of one awaited append and appends per second (wall and CPU time). Wall and
 * CPU run until a reader has caught up (every record sealed and projected), so both paths pay for
 * the same work.
 * Usage: npx tsx scripts/bench-audit.ts [appends=20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decisionData, type AuditEntry } from '../src/audit/index.js';
import { openSqliteStore } from '../src/store/index.js';

const N = Number(process.argv[2] ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'cordon-bench-audit-'));

function entry(i: number): AuditEntry {
  const id = `dec_${i.toString(16).padStart(32, '0')}`;
  return {
    kind: 'decision',
    at: Date.UTC(2026, 11, 1) + i,
    ref: id,
    data: decisionData({
      requestId: id, endpoint: '/chat/completions', model: 'chat', stream: true,
      origin: { ip: '85.214.132.0/24', source: 'forwarded', country: 'DE', subdivisions: ['DE-BE'], asn: 6724, anonymizer: [], unknown: null },
      keyId: 'key_0123456789abcdef0123', tenantId: 'ten_0123456789abcdef0123', tenant: 'acme', registeredCountry: 'DE', policyHash: 'c'.repeat(64),
      outcome: 'routed', code: null, provider: 'openai', upstreamModel: 'gpt-4o-mini',
      decisions: ['openai', 'deepseek', 'anthropic', 'gemini'].map((provider) => ({ provider, effect: 'allow' as const, layer: 'operator', rule: 'operator.default', matched: null })),
      attestation: null,
    }),
  };
}

async function run(journal: boolean, synchronous: 'normal' | 'full', inFlight: number): Promise<void> {
  const store = openSqliteStore({ path: join(dir, `${journal ? 'journal' : 'commit'}-${synchronous}-${inFlight}.sqlite`), clock: { now: Date.now }, synchronous, auditJournal: journal });
  let next = 0;
  let latency = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < N) {
        const e = entry(next++);
        const t = performance.now();
        await store.audit.append(e);
        latency += performance.now() - t;
      }
    }),
  );
  await store.audit.summary(); // seals and projects what is left
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  const perSec = (s: number) => Math.round(N / s).toLocaleString('en-US');
  console.log(
    `${journal ? 'journal' : 'commit '} synchronous=${synchronous.toUpperCase().padEnd(6)} ${String(inFlight).padStart(2)} in flight: ${((latency / N) * 1000).toFixed(0).padStart(6)} µs per awaited append, ` +
      `${perSec(wall)} appends/s wall, ${perSec((cpu.user + cpu.system) / 1e6)} /s CPU`,
  );
}

for (const journal of [false, true]) for (const synchronous of ['normal', 'full'] as const) for (const inFlight of [1, 64]) await run(journal, synchronous, inFlight);
rmSync(dir, { recursive: true, force: true });
