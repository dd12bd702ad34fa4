/**
 * Policy evaluation speed: ns per `evaluateForProviders` call over 4 providers, on a mix of realistic
 * origins (allowed, sanctioned, unsupported, Crimea by subdivision alias and by ASN, anonymizer, unknown).
 *
 *   npx tsx scripts/bench-policy.ts [iterations]
 */
import type { PolicyInput } from '../src/domain/decision.js';
import type { GeoFacts, Origin } from '../src/domain/origin.js';
import { compilePolicy, evaluateForProviders, loadPolicyFile, loadPresetCatalog } from '../src/policy/index.js';

const presets = loadPresetCatalog();
const policy = compilePolicy(loadPolicyFile('examples/policies/open-cn-deepseek.yaml', presets), { presets });
const providers = ['openai', 'anthropic', 'gemini', 'deepseek'] as const;

function origin(facts: Partial<GeoFacts>): Origin {
  const country = facts.country ?? null;
  return {
    ip: '203.0.113.7', source: 'socket', country, subdivisions: [], city: null, latitude: null, longitude: null,
    asn: null, org: null, anonymizer: [], unknown: country === null ? 'not_found' : null, ...facts,
  };
}
const account = { keyId: 'key_1', tenantId: 'ten_1', tenantName: 'acme', registeredCountry: 'US' };
const at = Date.parse('2026-12-15T12:00:00Z');
const inputs: PolicyInput[] = [
  origin({ country: 'US', subdivisions: ['US-CA'], asn: 7922 }),
  origin({ country: 'DE', subdivisions: ['DE-BE'], asn: 3320 }),
  origin({ country: 'GB', asn: 2856, anonymizer: ['vpn'] }),
  origin({ country: 'CN', subdivisions: ['CN-BJ'], asn: 4134 }),
  origin({ country: 'RU', subdivisions: ['RU-CRI'], asn: 201776 }),
  origin({ country: 'UA', subdivisions: ['UA-43'], asn: 28761 }),
  origin({ country: 'IR', asn: 58224 }),
  origin({ country: 'JP', asn: 2516 }),
  origin({ country: null, unknown: 'private' }),
  origin({ country: 'IN', asn: 9829 }),
].map((o) => ({ origin: o, account, at }));

const iterations = Number(process.argv[2] ?? 2_000_000);
let sink = 0;
function run(n: number): void {
  for (let i = 0; i < n; i++) {
    const decisions = evaluateForProviders(policy, inputs[i % inputs.length] as PolicyInput, providers);
    if (decisions[0]?.effect === 'deny') sink++;
  }
}
run(200_000); // warm up the JIT
const start = process.hrtime.bigint();
run(iterations);
const ns = Number(process.hrtime.bigint() - start) / iterations;
process.stdout.write(
  `evaluateForProviders, ${providers.length} providers, ${inputs.length} origins, ${iterations} calls: ` +
    `${ns.toFixed(0)} ns per call (${(ns / providers.length).toFixed(0)} ns per decision) [${sink}]\n`,
);
