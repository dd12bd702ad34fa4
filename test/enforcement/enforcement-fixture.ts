/**
 * A real gateway for enforcement scenarios: a mock upstream as `openai`, the bundled geo data plus
 * MaxMind's test Anonymous-IP database, an injected clock, no background loops. Callers connect from
 * 127.0.0.1 (trusted), so `x-forwarded-for` sets the origin.
 */
import OpenAI from 'openai';
import { startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';

export const ANONYMOUS_IP_TEST_DB = new URL('../fixtures/maxmind/GeoIP2-Anonymous-IP-Test.mmdb', import.meta.url).pathname;

/** Where the bundled data (and the test Anonymous-IP database) put these addresses. */
export const PLACES = {
  US: '4.2.2.2', // Greenville, US (Level 3)
  US_GOOGLE: '8.8.8.8', // US, AS15169: on the shipped hosting list
  US_HOSTING: '71.160.223.1', // US, MaxMind test db: hosting only
  US_VPN: '6.1.0.1', // US, MaxMind test db: VPN
  DE: '130.149.1.1', // Berlin
  DE_TOR: '141.20.1.1', // Ludwigsfelde, DE: the test Tor list names it
  DE_TOR_2: '85.214.132.117', // DE (Strato): the test Tor list names it too
  FR: '212.27.48.10', // Paris
  BR: '200.160.2.3', // São Paulo
  JP: '133.242.0.3', // Tokyo
  AU: '203.2.218.214', // Sydney
  KP: '175.45.176.1',
} as const;

export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 5, 1, 9)): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface Answer {
  readonly status: number;
  /** The OpenAI error code for a refusal. */
  readonly code: string | null;
  readonly message: string | null;
  readonly warning: string | null;
  /** `x-cordon-decision-id`: the audit record's ref. */
  readonly decisionId: string | null;
}

export interface EnforcementGateway {
  readonly gw: GatewayFixture;
  readonly upstream: MockUpstream;
  readonly clock: Clock;
  key(tenant: string, country: string | null): Promise<{ secret: string; keyId: string; tenantId: string }>;
  ask(secret: string, ip: string, headers?: Record<string, string>, model?: string): Promise<Answer>;
  close(): Promise<void>;
}

export async function startEnforcementGateway(config: Record<string, unknown>, options: { env?: Record<string, string>; clock?: Clock } = {}): Promise<EnforcementGateway> {
  const upstream = await startMockUpstream({ name: 'upstream' });
  const clock = options.clock ?? manualClock();
  const gw = await startGateway(
    {
      server: { trusted_proxies: ['127.0.0.1/32'] },
      geo: { anonymous_ip: ANONYMOUS_IP_TEST_DB, watch: false },
      providers: { openai: { base_url: upstream.url } },
      models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 1, output: 1 } }] } },
      ...config,
    },
    { env: options.env, overrides: { now: clock.now, background: false, defaultMetrics: false } },
  );
  return {
    gw,
    upstream,
    clock,
    async key(tenant, country) {
      const t = await gw.app.store.accounts.ensureTenant({ name: tenant, registeredCountry: country });
      const { key, secret } = await gw.app.store.accounts.createKey(t.id);
      return { secret, keyId: key.id, tenantId: t.id };
    },
    async ask(secret, ip, headers = {}, model = 'chat') {
      const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: secret, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': ip, ...headers } });
      try {
        const { response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
        return { status: response.status, code: null, message: null, warning: response.headers.get('x-cordon-warning'), decisionId: response.headers.get('x-cordon-decision-id') };
      } catch (err) {
        if (!(err instanceof OpenAI.APIError)) throw err;
        return { status: err.status ?? 0, code: typeof err.code === 'string' ? err.code : null, message: err.message, warning: err.headers?.get('x-cordon-warning') ?? null, decisionId: err.headers?.get('x-cordon-decision-id') ?? null };
      }
    },
    async close() {
      await gw.close();
      await upstream.close();
    },
  };
}
