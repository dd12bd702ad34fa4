/**
 * A small recorded log for simulation and reach, small enough to check by hand. Providers: openai and
 * deepseek behind the `chat` route, a self-hosted `my-vllm` (no terms list) behind `local`.
 */
import { decisionData, usageData, type AuditEntry } from '../../src/audit/index.js';
import type { Store } from '../../src/store/index.js';

export const FIXTURE_CONFIG = {
  providers: {
    openai: { base_url: 'http://127.0.0.1:9/v1' },
    deepseek: { base_url: 'http://127.0.0.1:9/v1' },
    'my-vllm': { preset: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1', terms: null },
  },
  models: {
    chat: {
      deployments: [
        { provider: 'openai', model: 'gpt-4o-mini', price: { input: 0.15, output: 0.6 } },
        { provider: 'deepseek', model: 'deepseek-chat', price: { input: 0.27, output: 1.1 } },
      ],
    },
    local: { deployments: [{ provider: 'my-vllm', model: 'llama', price: { input: 0.05, output: 0.05 } }] },
  },
};

/** 2026-12-05: after open-cn-deepseek.yaml's rule takes effect (2026-12-01). */
export const LOG_DAY = Date.UTC(2026, 11, 5);

interface Req {
  readonly country: string;
  readonly key: string;
  readonly route: 'chat' | 'local';
  /** Served by this provider with these tokens (input, output) and cost, or refused with this code. */
  readonly served?: { readonly provider: string; readonly model: string; readonly tokens: readonly [number, number]; readonly cost: number };
  readonly refused?: string;
}

const ROUTES = { chat: ['openai', 'deepseek'], local: ['my-vllm'] } as const;

const REQUESTS: readonly Req[] = [
  { country: 'DE', key: 'key_a', route: 'chat', served: { provider: 'openai', model: 'gpt-4o-mini', tokens: [1000, 500], cost: 450_000 } },
  { country: 'DE', key: 'key_b', route: 'chat', served: { provider: 'openai', model: 'gpt-4o-mini', tokens: [3000, 1500], cost: 1_350_000 } },
  { country: 'US', key: 'key_a', route: 'chat', served: { provider: 'openai', model: 'gpt-4o-mini', tokens: [2000, 1000], cost: 900_000 } },
  { country: 'CN', key: 'key_c', route: 'chat', refused: 'policy_region_denied' },
  { country: 'CN', key: 'key_c', route: 'chat', refused: 'policy_region_denied' },
  { country: 'CN', key: 'key_c', route: 'chat', refused: 'policy_region_denied' },
  { country: 'CN', key: 'key_d', route: 'chat', refused: 'policy_region_denied' },
  { country: 'CN', key: 'key_c', route: 'local', served: { provider: 'my-vllm', model: 'llama', tokens: [400, 600], cost: 50_000 } },
  { country: 'CN', key: 'key_g', route: 'local', served: { provider: 'my-vllm', model: 'llama', tokens: [200, 200], cost: 20_000 } },
  { country: 'KP', key: 'key_e', route: 'chat', refused: 'policy_region_denied' },
  { country: 'KP', key: 'key_e', route: 'chat', refused: 'policy_region_denied' },
  { country: 'DE', key: 'key_f', route: 'chat', refused: 'account_suspended' },
];

function entries(r: Req, i: number): AuditEntry[] {
  const id = `dec_${String(i).padStart(4, '0')}`;
  const at = LOG_DAY + i * 1000;
  const providers = ROUTES[r.route];
  const decision: AuditEntry = {
    kind: 'decision',
    at,
    ref: id,
    data: decisionData({
      requestId: id,
      endpoint: '/chat/completions',
      model: r.route,
      stream: false,
      origin: { ip: '192.0.2.0/24', source: 'socket', country: r.country, subdivisions: [], asn: null, anonymizer: [], unknown: null },
      keyId: r.key,
      tenantId: 'ten_1',
      tenant: 'acme',
      registeredCountry: 'DE',
      policyHash: 'b'.repeat(64),
      outcome: r.served ? 'routed' : 'refused',
      code: r.refused ?? null,
      provider: r.served?.provider ?? null,
      upstreamModel: r.served?.model ?? null,
      decisions: providers.map((p) => ({ provider: p, effect: r.served ? 'allow' : 'deny', layer: 'operator', rule: 'x', matched: null })),
      attestation: null,
    }),
  };
  if (r.served === undefined) return [decision];
  const usage: AuditEntry = {
    kind: 'usage',
    at: at + 500,
    ref: id,
    data: usageData({
      requestId: id,
      keyId: r.key,
      tenantId: 'ten_1',
      tenant: 'acme',
      country: r.country,
      model: r.route,
      provider: r.served.provider,
      upstreamModel: r.served.model,
      status: 200,
      complete: true,
      usage: { inputTokens: r.served.tokens[0], cachedInputTokens: 0, outputTokens: r.served.tokens[1] },
      costNanoUsd: r.served.cost,
    }),
  };
  return [decision, usage];
}

export async function writeFixtureLog(store: Store): Promise<void> {
  await store.audit.appendMany(REQUESTS.flatMap(entries));
}
