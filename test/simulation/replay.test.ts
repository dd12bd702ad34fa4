/** Replays: memoised decisions are exactly what evaluating every request gives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordedRequest } from '../../src/domain/recorded.js';
import { compilePolicy, loadDefaultPolicy, loadPolicyFile, loadPresetCatalog, parsePolicy, unwrap } from '../../src/policy/index.js';
import { createJudge } from '../../src/simulation/index.js';

const presets = loadPresetCatalog();
const providers = [{ id: 'my-vllm', terms: null }];
const TENANT_RULES = `version: 1
layers:
  law:
    presets: [us-sanctions]
  operator:
    rules:
      - { id: operator.acme_tor, effect: deny, match: { anonymizer: [tor] }, tenants: { only: [acme] } }
      - { id: operator.moved, effect: deny, match: { registered_country_differs: true }, providers: { only: [my-vllm] } }
      - { id: operator.as64500, effect: deny, match: { asn: [64500] }, effective_from: 2026-12-10 }
`;
const policies = [
  compilePolicy(loadDefaultPolicy(presets), { presets, providers }),
  compilePolicy(loadPolicyFile('examples/policies/open-cn-deepseek.yaml', presets), { presets, providers }),
  compilePolicy(unwrap(parsePolicy(TENANT_RULES, { file: 'tenant-rules.yaml', presets })), { presets, providers }),
];

/** A carrier address's recorded facts (Teredo, 6to4…), or none. */
function carrierOf(kind: string | null, country: string | null, pick: <T>(xs: readonly T[]) => T): RecordedRequest['carrier'] {
  if (kind === null) return null;
  return {
    kind,
    country,
    subdivisions: country === 'UA' ? [pick(['UA-43', 'UA-30'])] : [],
    asn: pick([null, 6939, 64500]),
    anonymizer: pick([[], ['tor']]),
    unknown: country === null ? 'not_found' : null,
  };
}

function records(n: number): RecordedRequest[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const country = pick(['US', 'CN', 'UA', 'RU', 'KP', 'DE', 'SY', null]);
    return {
      requestId: `r${i}`,
      at: Date.UTC(2025, 5, 25) + Math.floor(random() * 200) * 86_400_000,
      country,
      subdivisions: country === 'UA' ? [pick(['UA-43', 'UA-30', 'UA-14'])] : country === 'RU' ? [pick(['RU-CRI', 'RU-MOW'])] : [],
      asn: pick([null, 28761, 64500, 3320, 4134]),
      anonymizer: pick([[], ['tor'], ['vpn'], ['hosting', 'tor']]),
      unknown: country === null ? pick(['private', 'not_found', 'geo_unavailable', 'hidden']) : null,
      carrier: carrierOf(pick([null, null, 'teredo', '6to4']), pick(['US', 'IR', 'UA', 'CU', null]), pick),
      keyId: `k${i % 7}`,
      tenant: pick(['acme', 'globex', 'initech']),
      registeredCountry: pick([null, 'US', 'CN', 'DE']),
      model: 'chat',
      providers: pick([['openai', 'deepseek'], ['my-vllm'], ['anthropic', 'gemini', 'deepseek']]),
      outcome: 'routed',
      code: null,
      provider: null,
      usage: null,
    };
  });
}

test('memoised replays decide exactly as evaluation does (dates, aliases, ASNs, tenants, registered countries)', () => {
  const sample = records(5000);
  for (const judged of [...policies.map((p) => [p]), policies]) {
    const memo = createJudge(judged);
    const plain = createJudge(judged, { memo: false });
    for (const r of sample) {
      assert.deepEqual(memo.decisions(r), plain.decisions(r), JSON.stringify(r));
      assert.deepEqual(memo.servedBy(r), plain.servedBy(r));
    }
  }
});
