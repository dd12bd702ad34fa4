/**
 * The operator's anonymizer lists feed policy: with a Tor exit list configured (enforcement off) and an
 * operator rule denying `anonymizer: tor`, a listed exit is refused in OpenAI's shape and an address not
 * on the list is served; the decision record keeps the list's flag; a reloaded list applies at once.
 * Real Cordon on port 0, a mock upstream, the official `openai` client through a trusted proxy hop.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startGateway, IPS, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';

const TOR_EXIT = IPS.DE; // 85.214.132.117: Germany in the bundled data, allowed by every preset
const NOT_LISTED = '130.149.1.1'; // Berlin

const dir = mkdtempSync(join(tmpdir(), 'cordon-anon-lists-'));
const torFile = join(dir, 'tor-exits.txt');
let upstream: MockUpstream;
let gw: GatewayFixture;
let key: string;

before(async () => {
  writeFileSync(torFile, `# torbulkexitlist\n${TOR_EXIT}\n`);
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, [
    'version: 1',
    'layers:',
    '  law: { presets: [us-sanctions], default: allow, unknown_origin: allow, geo_unavailable: deny }',
    '  operator:',
    '    default: allow',
    '    rules:',
    '      - { id: operator.no_tor, effect: deny, match: { anonymizer: [tor] }, reason: Tor exits cannot be located }',
    '',
  ].join('\n'));
  upstream = await startMockUpstream({ name: 'upstream' });
  gw = await startGateway({
    server: { trusted_proxies: ['127.0.0.1/32'] },
    policy: { file: policyFile },
    // The lists are origin facts: they apply whether enforcement runs or not.
    origin: { lists: { tor_exits: torFile, watch: false } },
    enforcement: { enabled: false },
    providers: { openai: { base_url: upstream.url } },
    models: { chat: { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 1, output: 1 } }] } },
  });
  key = await gw.createKey('acme', 'DE');
});

after(async () => {
  await gw?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

function ask(ip: string) {
  const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': ip } });
  return client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
}

async function refusal(ip: string): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await ask(ip);
  } catch (err) {
    if (err instanceof OpenAI.APIError) return err;
    throw err;
  }
  assert.fail(`${ip} was served`);
}

describe('an operator rule on anonymizer: tor, with a Tor exit list', () => {
  test('a listed exit is refused with 403 unsupported_country_region_territory; nothing reaches the upstream', async () => {
    const seen = upstream.received.length;
    const err = await refusal(TOR_EXIT);
    assert.deepEqual([err.status, err.code], [403, 'unsupported_country_region_territory']);
    assert.equal(upstream.received.length, seen);

    const requestId = err.headers?.get('x-cordon-decision-id') ?? '';
    const [record] = (await gw.app.store.audit.findByRef(requestId)).filter((r) => r.kind === 'decision');
    const data = record?.data as { origin: { anonymizer: string[]; country: string }; decisions: Array<{ rule: string }> } | undefined;
    assert.deepEqual(data?.origin.anonymizer, ['tor'], 'the decision record keeps the flag the decision saw');
    assert.equal(data?.origin.country, 'DE');
    assert.deepEqual(data?.decisions.map((d) => d.rule), ['operator.no_tor']);
  });

  test('an address not on the list is served', async () => {
    const { data, response } = await ask(NOT_LISTED);
    assert.equal(response.status, 200);
    assert.equal(data.choices[0]?.message.content, 'Hello from upstream');
  });

  test('the list reloaded: the rule follows the current list', async () => {
    writeFileSync(torFile, `${NOT_LISTED}\n`);
    await gw.app.origin.lists.reload();
    try {
      assert.equal((await refusal(NOT_LISTED)).status, 403);
      assert.equal((await ask(TOR_EXIT)).response.status, 200, 'no longer an exit');
    } finally {
      writeFileSync(torFile, `${TOR_EXIT}\n`);
      await gw.app.origin.lists.reload();
    }
  });
});
