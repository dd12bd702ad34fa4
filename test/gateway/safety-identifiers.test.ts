/**
 * Safety identifiers upstream, per tenant: `derive` fills OpenAI's `safety_identifier` and Anthropic's
 * `metadata.user_id` with an HMAC of tenant and end user (never the raw value) when the caller did not,
 * `off` removes the caller's, `pass_through` leaves the body alone; the decision record keeps what was sent.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { IPS, startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../helpers/mock-anthropic-upstream.js';
import { recordsFor } from '../helpers/records.js';
import { deriveSafetyIdentifier, planSafetyIdentifier } from '../../src/gateway/safety-identifier.js';
import { ANTHROPIC, OPENAI } from '../../src/protocols/index.js';
import { loadConfig, ConfigError } from '../../src/config/index.js';
import { EnvSecret } from '../../src/config/secret.js';

const SECRET = 'operator-secret-for-tests';
let openaiUp: MockUpstream;
let anthropicUp: MockAnthropicUpstream;
let gw: GatewayFixture;
const keys: Record<string, string> = {};

before(async () => {
  openaiUp = await startMockUpstream({ name: 'openai' });
  anthropicUp = await startMockAnthropicUpstream({ name: 'anthropic' });
  gw = await startGateway({
    server: { trusted_proxies: ['127.0.0.1/32'] },
    enforcement: { enabled: false },
    providers: { openai: { base_url: openaiUp.url }, anthropic: { base_url: anthropicUp.url, messages_base_url: anthropicUp.url } },
    models: {
      chat: { strategy: 'priority', deployments: [{ provider: 'openai', model: 'mock-ok' }] },
      embed: { strategy: 'priority', deployments: [{ provider: 'openai', model: 'mock-ok' }] },
      claude: { deployments: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }] },
    },
    safety_identifiers: { mode: 'derive', secret: 'env:TEST_SAFETY_SECRET', tenants: { quiet: 'off', plain: 'pass_through' } },
  }, { env: { TEST_SAFETY_SECRET: SECRET }, overrides: { background: false } });
  for (const tenant of ['acme', 'quiet', 'plain']) keys[tenant] = await gw.createKey(tenant, 'DE');
});

after(async () => {
  await gw?.close();
  await Promise.all([openaiUp?.close(), anthropicUp?.close()]);
});

const openai = (tenant: string) => new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: keys[tenant], maxRetries: 0, defaultHeaders: { 'x-forwarded-for': IPS.DE } });
const anthropic = (tenant: string) => new Anthropic({ baseURL: gw.url, apiKey: keys[tenant], maxRetries: 0, defaultHeaders: { 'x-forwarded-for': IPS.DE } });

async function chat(tenant: string, extra: Record<string, unknown> = {}) {
  const { response } = await openai(tenant).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], ...extra }).withResponse();
  const [decision] = await recordsFor(gw.app.store, response.headers.get('x-cordon-decision-id') ?? '', 1);
  return { sent: openaiUp.received.at(-1)?.body ?? {}, record: decision?.data ?? {} };
}

describe('safety identifiers', () => {
  test('derive: an HMAC of tenant and the request\'s `user`, stable, never the raw value, kept in the record', async () => {
    const a = await chat('acme', { user: 'alice@example.com' });
    const expected = deriveSafetyIdentifier(SECRET, String(a.record.tenant_id), 'user', 'alice@example.com');
    assert.match(expected, /^cdn_[0-9a-f]{32}$/);
    assert.equal(a.sent.safety_identifier, expected);
    assert.equal(a.sent.user, 'alice@example.com', 'the caller\'s own field is left as it is');
    assert.deepEqual(a.record.safety_identifier, { source: 'user', value: expected });
    assert.equal((await chat('acme', { user: 'alice@example.com' })).sent.safety_identifier, expected, 'stable');
    assert.notEqual((await chat('acme', { user: 'bob@example.com' })).sent.safety_identifier, expected);
  });

  test('derive without a user: the key stands for the end user; a caller\'s own identifier is passed and recorded as the caller\'s', async () => {
    const byKey = await chat('acme');
    assert.equal(byKey.sent.safety_identifier, deriveSafetyIdentifier(SECRET, String(byKey.record.tenant_id), 'key', String(byKey.record.key_id)));
    const own = await chat('acme', { safety_identifier: 'tenant-hash-1' });
    assert.equal(own.sent.safety_identifier, 'tenant-hash-1');
    assert.deepEqual(own.record.safety_identifier, { source: 'caller', value: 'tenant-hash-1' });
  });

  test('derive on the Messages API fills metadata.user_id beside the caller\'s metadata; count_tokens is left alone', async () => {
    await anthropic('acme').messages.create({ model: 'claude', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }], metadata: {} });
    const sent = anthropicUp.received.at(-1)?.body as { metadata?: { user_id?: string } };
    assert.match(sent.metadata?.user_id ?? '', /^cdn_[0-9a-f]{32}$/);
    await anthropic('acme').messages.countTokens({ model: 'claude', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(anthropicUp.received.at(-1)?.body?.metadata, undefined);
  });

  test('off removes the caller\'s identifier; pass_through sends the body as it came; embeddings never get one', async () => {
    const off = await chat('quiet', { safety_identifier: 'raw-user-id' });
    assert.equal('safety_identifier' in off.sent, false);
    assert.equal('safety_identifier' in off.record, false);
    const plain = await chat('plain');
    assert.equal('safety_identifier' in plain.sent, false);
    await openai('acme').embeddings.create({ model: 'embed', input: 'x' });
    assert.equal(openaiUp.received.at(-1)?.body?.safety_identifier, undefined);
  });

  test('an attested end user is preferred to the request\'s user', () => {
    const settings = { mode: 'derive' as const, tenants: new Map(), secret: new EnvSecret('safety_identifiers.secret', 'env:S', { S: SECRET }, 'test') };
    const base = { path: '/messages' as const, body: {}, user: 'alice', tenantId: 'ten_1', tenantName: 'acme', keyId: 'key_1' };
    const plan = planSafetyIdentifier(settings, { ...base, protocol: ANTHROPIC, attestation: { status: 'valid', ip: '203.0.113.9' } });
    assert.deepEqual(plan.sent, { source: 'attested', value: deriveSafetyIdentifier(SECRET, 'ten_1', 'attested', '203.0.113.9') });
    assert.notEqual(deriveSafetyIdentifier(SECRET, 'ten_2', 'attested', '203.0.113.9'), plan.sent?.value, 'another tenant, another identifier');
    assert.equal(planSafetyIdentifier(settings, { ...base, protocol: OPENAI, path: '/embeddings', attestation: null }).edit, null);
  });

  test('derive without a secret is a config error', () => {
    const file = join(gw.dir, 'no-secret.yaml');
    writeFileSync(file, 'safety_identifiers: { tenants: { acme: derive } }\n');
    assert.throws(() => loadConfig({ file, env: {} }), (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('safety_identifiers.secret')));
  });
});
