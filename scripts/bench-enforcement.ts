/**
 * Enforcement speed: µs per `assess()` call with the in-process hot state and an in-memory SQLite
 * store, for three kinds of request:
 * - clean: the registered country, no anonymizer (hot state only: fan-out sets, last sighting);
 * - repeat: a condition already counted (a foreign hosting address): the repeat memory says no;
 * - violation: a denied-region attempt each time (a store write, then the ladder's two reads), on a
 *   key whose ladder is off, so it is never suspended and every call does the full work.
 *
 *   npx tsx scripts/bench-enforcement.ts [iterations]
 */
import { performance } from 'node:perf_hooks';
import type { Decision } from '../src/domain/decision.js';
import type { Origin } from '../src/domain/origin.js';
import { loadConfig } from '../src/config/index.js';
import { EnforcementService, loadCountryCentroids } from '../src/enforcement/service/index.js';
import { NO_LISTS } from '../src/origin/index.js';
import type { RequestFacts } from '../src/domain/request-facts.js';
import { MemoryHotState } from '../src/hot-state/index.js';
import { silentLogger } from '../src/observability/logger.js';
import { openSqliteStore } from '../src/store/index.js';

const iterations = Number(process.argv[2] ?? 20_000);
let now = Date.UTC(2026, 5, 1);
const clock = { now: () => now };
const store = openSqliteStore({ path: ':memory:', clock });
const base = loadConfig({ file: null, env: {} }).enforcement;
// The "violation" tenant has no ladder, so it is never suspended and every call does the full work.
const settings = { ...base, tenants: new Map([['noisy', { ...base.defaults, ladder: [] }]]) };
const enforcer = new EnforcementService({ settings, store: store.enforcement, hot: new MemoryHotState(), lists: () => NO_LISTS, centroids: loadCountryCentroids(), logger: silentLogger });

function origin(over: Partial<Origin>): Origin {
  return { ip: '4.2.2.2', source: 'forwarded', country: 'US', subdivisions: [], city: 'Greenville', latitude: 34.8, longitude: -82.39, asn: 3356, org: 'Level 3', anonymizer: [], unknown: null, ...over };
}
const deny: Decision = { provider: 'openai', effect: 'deny', layer: 'law', ruleId: 'law.us_sanctions.kp', matched: 'country=KP', policyHash: 'h', trail: [] };

async function factsFor(tenantName: string, o: Origin, decisions: readonly Decision[]): Promise<(at: number, i: number) => RequestFacts> {
  const tenant = await store.accounts.ensureTenant({ name: tenantName, registeredCountry: 'US' });
  const { key } = await store.accounts.createKey(tenant.id);
  const account = { keyId: key.id, tenantId: tenant.id, tenantName, registeredCountry: 'US' };
  return (at, i) => ({ requestId: `dec_${i}`, at, endpoint: '/chat/completions', model: 'chat', stream: false, origin: o, account, key, decisions, policyHash: 'h', attestation: null });
}

async function measure(name: string, make: (at: number, i: number) => RequestFacts, refused: boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) await enforcer.assess(make((now += 10), i), refused); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await enforcer.assess(make((now += 10), i), refused);
  const us = ((performance.now() - start) * 1000) / iterations;
  console.log(`${name.padEnd(10)} ${us.toFixed(2)} µs per assess()`);
}

await measure('clean', await factsFor('clean', origin({}), []), false);
await measure('repeat', await factsFor('repeat', origin({ ip: '8.8.8.8', country: 'DE', city: null, latitude: 51.3, longitude: 9.49, asn: 15169, anonymizer: ['hosting'] }), []), false);
await measure('violation', await factsFor('noisy', origin({ ip: '175.45.176.1', country: 'KP', city: null, latitude: 39.03, longitude: 125.75 }), [deny]), true);
await store.close();
