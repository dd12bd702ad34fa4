/**
 * What-if simulation on a hand-checked log (fixture-log.ts). The baseline serves mainland China on
 * the self-hosted model only; the candidate is the shipped example "open CN for DeepSeek only".
 *
 * Served requests of the chat route averaged 2,000 input and 1,000 output tokens, so each refused
 * chat request from CN is estimated at 3,000 tokens and, at DeepSeek's price ($0.27 / $1.10 per
 * million), 2,000 × 0.27 + 1,000 × 1.10 = 1,640 µ$ = 1,640,000 nano-USD:
 *
 *   opened  CN  deepseek  4 requests  2 keys  12,000 tokens (estimated)  6,560,000 nano-USD
 *   closed  CN  my-vllm   2 requests  2 keys   1,400 tokens (recorded)      70,000 nano-USD
 *
 * North Korea stays refused (law); the suspended key's request is skipped; DE and US do not change.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/admin/contract/foresight.js';
import { ReachReport } from '../../src/admin/contract/reports.js';
import { evidenceHarness, type EvidenceHarness } from '../helpers/evidence-harness.js';
import { FIXTURE_CONFIG, LOG_DAY, writeFixtureLog } from '../helpers/fixture-log.js';

const BASELINE = 'test/fixtures/policies/cn-self-hosted-only.yaml';
const CANDIDATE = 'examples/policies/open-cn-deepseek.yaml';
let h: EvidenceHarness;

before(async () => {
  h = evidenceHarness(FIXTURE_CONFIG, {}, LOG_DAY + 86_400_000);
  const store = h.open();
  await writeFixtureLog(store);
  await store.close();
});
after(() => h.dispose());

/** The CLI prints the admin API's views (`POST /admin/policy/simulate`, `GET /admin/reach`); an open end of the range is null. */
interface SimJson {
  base: { policy: string; hash: string };
  candidate: { policy: string; hash: string };
  from: string | null;
  to: string | null;
  scanned: number;
  skipped: number;
  rerouted: number;
  rows: { change: string; country: string; provider: string; requests: number; keys: number; tokens: number; estimated: number; revenue_usd: number; unpriced: number }[];
  totals: Record<'opened' | 'closed', { requests: number; keys: number; tokens: number; estimated: number; revenue_usd: number }>;
  estimates: { model: string; basis: string; requests: number }[];
}

describe('policy simulate', () => {
  test('the hand-checked table, against a baseline file', async () => {
    const { value, exitCode } = await h.json<SimJson>('policy', 'simulate', CANDIDATE, '--against', BASELINE);
    assert.equal(exitCode, 0);
    assert.equal(value.scanned, 12);
    assert.equal(value.skipped, 1);
    assert.equal(value.rerouted, 0);
    assert.deepEqual([value.base.policy, value.candidate.policy], [BASELINE, CANDIDATE]);
    assert.deepEqual([value.from, value.to], [null, null]);
    assert.deepEqual(
      value.rows.map((r) => [r.change, r.country, r.provider, r.requests, r.keys, r.tokens, r.estimated, r.revenue_usd, r.unpriced]),
      [
        ['opened', 'CN', 'deepseek', 4, 2, 12_000, 4, 0.00656, 0],
        ['closed', 'CN', 'my-vllm', 2, 2, 1_400, 0, 0.00007, 0],
      ],
    );
    assert.deepEqual(value.totals.opened, { requests: 4, keys: 2, tokens: 12_000, estimated: 4, revenue_usd: 0.00656 });
    assert.deepEqual(value.totals.closed, { requests: 2, keys: 2, tokens: 1_400, estimated: 0, revenue_usd: 0.00007 });
    assert.deepEqual(value.estimates, [{ model: 'chat', basis: 'model', requests: 4 }]);
  });

  test('--json over a closed range is the admin API\'s answer, field for field', async () => {
    const { value } = await h.json<SimJson>('policy', 'simulate', CANDIDATE, '--against', BASELINE, '--from', '2026-01-01', '--to', '2026-12-31');
    const parsed = Simulation.safeParse(value);
    assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
    assert.deepEqual([value.from, value.to], ['2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z']);
    assert.equal(value.rows.length, 2);
  });

  test('against the live policy (a stored version), as text that says what is estimated', async () => {
    const applied = await h.run('policy', 'apply', BASELINE, '--author', 'ana', '--reason', 'baseline');
    assert.equal(applied.exitCode, 0, applied.err);
    const text = await h.run('policy', 'simulate', CANDIDATE);
    assert.equal(text.exitCode, 0, text.err);
    assert.match(text.out, /against live \(v1\)/);
    assert.match(text.out, /Refused now, allowed by the candidate \(opened\):\n\s+COUNTRY\s+PROVIDER\s+REQUESTS\s+KEYS\s+TOKENS\s+REVENUE\n\s+CN\s+deepseek\s+4\s+2\s+12,000\*\s+\$0\.006560\*/);
    assert.match(text.out, /CN\s+my-vllm\s+2\s+2\s+1,400\s+\$0\.000070\n/);
    assert.match(text.out, /\* includes estimates: requests that were never served have the average tokens of served requests of the same model \(chat: 4\)/);
    assert.match(text.out, /1 request\(s\) refused for the account's standing were left out/);
  });

  test('CSV, and a time range that excludes the log', async () => {
    const csv = await h.run('policy', 'simulate', CANDIDATE, '--against', BASELINE, '--csv');
    assert.equal(csv.out.split('\r\n')[0], 'change,country,provider,requests,keys,tokens,estimated_requests,revenue_usd,unpriced_requests');
    assert.equal(csv.out.split('\r\n')[1], 'opened,CN,deepseek,4,2,12000,4,0.00656,0');
    const none = await h.json<SimJson>('policy', 'simulate', CANDIDATE, '--against', BASELINE, '--from', '2026-12-06');
    assert.equal(none.value.scanned, 0);
    assert.deepEqual(none.value.rows, []);
  });
});

describe('usage', () => {
  test('grouped by country and provider from the daily rollup, with totals', async () => {
    const { value } = await h.json<{ rows: Record<string, unknown>[]; total: Record<string, unknown> }>('usage', '--by', 'country,provider');
    assert.deepEqual(value.rows.map((r) => [r.country, r.provider, r.requests, r.input_tokens, r.output_tokens, r.cost_nano_usd]), [
      ['CN', 'my-vllm', 2, 600, 800, 70_000],
      ['DE', 'openai', 2, 4000, 2000, 1_800_000],
      ['US', 'openai', 1, 2000, 1000, 900_000],
    ]);
    assert.equal(value.total.cost_nano_usd, 2_770_000);
    assert.equal((await h.run('usage', '--by', 'planet')).exitCode, 1);
    assert.match((await h.run('usage', '--by', 'tenant', '--csv')).out, /^tenant,requests,input_tokens,cached_input_tokens,output_tokens,cost_usd,unpriced_requests\r\nacme,5,6600,0,3800,0.00277,0\r\n$/);
  });
});

describe('reach', () => {
  test('what the live policy turns away, per country and provider, with the refusing rule', async () => {
    // The live policy is v1 (the baseline), applied by the test above.
    const { value } = await h.json<{
      refused: number;
      policy_version: number | null;
      by_country: { country: string; requests: number; keys: number }[];
      rows: { layer: string; country: string; provider: string; requests: number; tokens: number; top_rule: string | null }[];
      totals: { requests: number; keys: number; tokens: number; revenue_usd: number };
    }>('reach');
    assert.equal(value.refused, 6);
    assert.equal(value.policy_version, 1);
    // Each refused request once, at the first provider of its route (openai: 2,000 × 0.15 + 1,000 × 0.60 = 900 µ$ each).
    assert.deepEqual([value.totals.requests, value.totals.keys, value.totals.tokens, value.totals.revenue_usd], [6, 3, 18_000, 0.0054]);
    assert.deepEqual(value.by_country, [{ country: 'CN', requests: 4, keys: 2 }, { country: 'KP', requests: 2, keys: 1 }]);
    assert.deepEqual(
      value.rows.map((r) => [r.layer, r.country, r.provider, r.requests, r.tokens, r.top_rule]),
      [
        ['law', 'KP', 'deepseek', 2, 6000, 'law.us_sanctions.kp'],
        ['law', 'KP', 'openai', 2, 6000, 'law.us_sanctions.kp'],
        ['terms', 'CN', 'openai', 4, 12000, 'terms.openai.unsupported'],
        ['operator', 'CN', 'deepseek', 4, 12000, 'operator.cn_self_hosted_only'],
      ],
    );
    const closed = await h.json<unknown>('reach', '--from', '2026-01-01', '--to', '2026-12-31');
    const parsed = ReachReport.safeParse(closed.value);
    assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
  });
});
