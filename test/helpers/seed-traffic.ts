/**
 * Seeds real traffic through a running Cordon with the official `openai` client, from the addresses
 * in X-Forwarded-For (the fixture's config must trust 127.0.0.1). Refusals (403) are counted; any
 * other error fails the test.
 */
import OpenAI from 'openai';
import { IPS, type GatewayFixture } from './gateway-fixture.js';

/** Allowed under OpenAI's terms and no sanctions, except where noted. */
export const WORLD_IPS = {
  ...IPS,
  GB: '81.2.69.142',
  FR: '80.67.169.12',
  JP: '1.0.16.1',
  BR: '200.160.2.3',
  AU: '139.130.4.5',
  IN: '49.44.0.1',
  CA: '24.48.0.1',
  ZA: '41.0.0.1',
  ES: '88.0.0.1',
  /** Not on OpenAI's list; too small for the 1:110m map (a dot). */
  HK: '203.198.0.1',
} as const;

/** One entry per caller: a tenant of its own (registered in `country`) with one key, sending `count` requests from `ip`. */
export type SeedPlan = ReadonlyArray<readonly [country: string, ip: string, count: number]>;

export interface SeedResult {
  readonly allowed: number;
  readonly refused: number;
  /** Key secret per country of the plan. */
  readonly keys: ReadonlyMap<string, string>;
}

/**
 * A key per caller keeps enforcement's per-key signals (fan-out, impossible travel) out of the way:
 * each key stays in one country, as a real end user would.
 */
export async function seedTraffic(gw: Pick<GatewayFixture, 'url' | 'createKey'>, plan: SeedPlan, model = 'chat'): Promise<SeedResult> {
  let allowed = 0;
  let refused = 0;
  const keys = new Map<string, string>();
  for (const [country, ip, count] of plan) {
    const apiKey = await gw.createKey(`tenant-${country.toLowerCase()}`, country.length === 2 ? country : null);
    keys.set(country, apiKey);
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': ip } });
    for (let i = 0; i < count; i++) {
      try {
        await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
        allowed++;
      } catch (err) {
        if (!(err instanceof OpenAI.PermissionDeniedError)) throw err;
        refused++;
      }
    }
  }
  return { allowed, refused, keys };
}
