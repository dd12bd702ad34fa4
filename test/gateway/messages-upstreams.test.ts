/**
 * Messages requests to upstreams that speak Anthropic's Messages API, on loopback: Anthropic itself and
 * an Anthropic-compatible endpoint under its own prefix (as DeepSeek's `/anthropic`). Routing picks the
 * cheapest allowed deployment among those that speak Messages only; a recorded Anthropic stream (with
 * `ping`, and one ending in an `error` event) goes to the caller byte for byte and is metered from
 * `message_start` and `message_delta`, cache reads and writes at their prices.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { IPS, startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { ANTHROPIC_ERROR_STREAM, ANTHROPIC_STREAM, startMockAnthropicUpstream, type MockAnthropicUpstream } from '../helpers/mock-anthropic-upstream.js';
import { recordsFor } from '../helpers/records.js';

let openaiUp: MockUpstream;
let anthropicUp: MockAnthropicUpstream;
let deepseekUp: MockAnthropicUpstream;
let gw: GatewayFixture;
let key: string;

const SONNET = { input: 3, cached_input: 0.3, cache_write: 3.75, output: 15 };

before(async () => {
  openaiUp = await startMockUpstream({ name: 'openai' });
  anthropicUp = await startMockAnthropicUpstream({ name: 'anthropic' });
  deepseekUp = await startMockAnthropicUpstream({ name: 'deepseek', prefix: '/anthropic' });
  gw = await startGateway({
    server: { trusted_proxies: ['127.0.0.1/32'] },
    enforcement: { enabled: false },
    providers: {
      openai: { base_url: openaiUp.url },
      anthropic: { base_url: anthropicUp.url, messages_base_url: anthropicUp.url, api_key: 'env:TEST_ANTHROPIC_KEY' },
      deepseek: { base_url: openaiUp.url, messages_base_url: deepseekUp.url, api_key: 'env:TEST_DEEPSEEK_KEY' },
      // Nothing listens on port 1: every call is refused at connect.
      down: { preset: 'openai-compatible', base_url: 'http://127.0.0.1:1/v1', messages_base_url: 'http://127.0.0.1:1/v1' },
    },
    models: {
      // OpenAI's deployment is the cheapest, but it cannot answer a Messages request.
      coder: {
        deployments: [
          { provider: 'openai', model: 'mock-ok', price: { input: 0.1, output: 0.1 } },
          { provider: 'anthropic', model: 'claude-sonnet-4-5', price: SONNET },
          { provider: 'deepseek', model: 'deepseek-chat', price: { input: 10, output: 10 } },
        ],
      },
      failing: { deployments: [{ provider: 'anthropic', model: 'mock-error-stream', price: SONNET }] },
      busy: { strategy: 'priority', deployments: [{ provider: 'anthropic', model: 'mock-529' }, { provider: 'deepseek', model: 'deepseek-chat' }] },
      unreachable: { strategy: 'priority', deployments: [{ provider: 'down', model: 'claude-sonnet-4-5' }] },
      'gpt-only': { deployments: [{ provider: 'openai', model: 'mock-ok', price: { input: 0.1, output: 0.1 } }] },
    },
  }, { env: { TEST_ANTHROPIC_KEY: 'sk-ant-test', TEST_DEEPSEEK_KEY: 'sk-ds-test' }, overrides: { background: false } });
  key = await gw.createKey('acme', 'DE');
});

after(async () => {
  await gw?.close();
  await Promise.all([openaiUp?.close(), anthropicUp?.close(), deepseekUp?.close()]);
});

const client = (ip: string) => new Anthropic({ baseURL: gw.url, apiKey: key, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': ip, 'anthropic-beta': 'prompt-caching-2024-07-31' } });
const ask = (model: string) => ({ model, max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hi' }] });

function rawStream(model: string): Promise<Response> {
  return fetch(`${gw.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', 'x-forwarded-for': IPS.DE },
    body: JSON.stringify({ ...ask(model), stream: true }),
  });
}

async function usageRecord(requestId: string): Promise<Record<string, unknown>> {
  const [, usage] = await recordsFor(gw.app.store, requestId, 2);
  assert.equal(usage?.kind, 'usage');
  return usage?.data as Record<string, unknown>;
}

describe('Messages upstreams', () => {
  test('the cheapest allowed deployment that speaks Messages: Anthropic, with its key as x-api-key and the caller\'s version and beta headers', async () => {
    const { data, response } = await client(IPS.DE).messages.create(ask('coder')).withResponse();
    assert.deepEqual(data.content, [{ type: 'text', text: 'Hello from anthropic' }]);
    assert.equal(response.headers.get('x-cordon-provider'), 'anthropic');
    assert.equal(response.headers.get('request-id'), 'req_anthropic', 'the upstream\'s request id passes');
    const sent = anthropicUp.received.at(-1);
    assert.equal(sent?.path, '/v1/messages');
    assert.equal(sent?.headers['x-api-key'], 'sk-ant-test');
    assert.equal(sent?.headers.authorization, undefined, 'the caller\'s Cordon key never goes upstream');
    assert.match(String(sent?.headers['anthropic-version']), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(sent?.headers['anthropic-beta'], 'prompt-caching-2024-07-31');
    assert.equal(sent?.body?.model, 'claude-sonnet-4-5');
    assert.ok(!openaiUp.received.some((r) => r.path.includes('messages')), 'nothing translated to the OpenAI-only upstream');
    const usage = await usageRecord(response.headers.get('x-cordon-decision-id') ?? '');
    assert.deepEqual(usage.usage, { cache_write_input_tokens: 20, cached_input_tokens: 30, input_tokens: 60, output_tokens: 7 });
    assert.equal(usage.cost_nano_usd, (10 * 3 + 30 * 0.3 + 20 * 3.75 + 7 * 15) * 1000);
  });

  test('a caller Anthropic does not serve goes to the Anthropic-compatible endpoint (DeepSeek\'s, under /anthropic)', async () => {
    const { data, response } = await client(IPS.CN).messages.create(ask('coder')).withResponse();
    assert.equal(response.headers.get('x-cordon-provider'), 'deepseek');
    assert.deepEqual(data.content, [{ type: 'text', text: 'Hello from deepseek' }]);
    const sent = deepseekUp.received.at(-1);
    assert.equal(sent?.path, '/anthropic/v1/messages');
    assert.equal(sent?.headers['x-api-key'], 'sk-ds-test');
    assert.equal(sent?.body?.model, 'deepseek-chat');
  });

  test('OpenAI\'s protocol still takes the cheapest deployment of the same model', async () => {
    const openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': IPS.DE } });
    const { response } = await openai.chat.completions.create({ model: 'coder', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(response.headers.get('x-cordon-provider'), 'openai');
  });

  test('a model with no deployment that speaks Messages is a 404 naming the protocol, not a translation', async () => {
    const before = openaiUp.received.length;
    await assert.rejects(client(IPS.DE).messages.create(ask('gpt-only')), (err: unknown) => {
      assert.ok(err instanceof Anthropic.NotFoundError);
      assert.equal(err.message.includes('has no deployment that speaks the Anthropic Messages API'), true, err.message);
      return true;
    });
    assert.equal(openaiUp.received.length, before);
    const models = [];
    for await (const m of client(IPS.DE).models.list()) models.push(m.id);
    assert.ok(models.includes('coder') && !models.includes('gpt-only'), models.join(','));
  });

  test('a recorded stream goes out byte for byte (ping included), metered from message_start and message_delta', async () => {
    const res = await rawStream('coder');
    assert.equal(res.status, 200);
    assert.equal(Buffer.from(await res.arrayBuffer()).toString(), ANTHROPIC_STREAM.toString());
    const usage = await usageRecord(res.headers.get('x-cordon-decision-id') ?? '');
    assert.deepEqual(usage.usage, { cache_write_input_tokens: 100, cached_input_tokens: 2000, input_tokens: 2125, output_tokens: 15 });
    assert.equal(usage.cost_nano_usd, (25 * 3 + 2000 * 0.3 + 100 * 3.75 + 15 * 15) * 1000);
    assert.equal(usage.complete, true);
  });

  test('a stream that ends in an `error` event: relayed as sent, raised by the SDK, recorded as incomplete', async () => {
    const res = await rawStream('failing');
    assert.equal(Buffer.from(await res.arrayBuffer()).toString(), ANTHROPIC_ERROR_STREAM.toString());
    const usage = await usageRecord(res.headers.get('x-cordon-decision-id') ?? '');
    assert.deepEqual(usage.usage, { cached_input_tokens: 0, input_tokens: 40, output_tokens: 1 });
    assert.equal(usage.complete, false);
    const stream = await client(IPS.DE).messages.create({ ...ask('failing'), stream: true });
    let text = '';
    await assert.rejects(async () => {
      for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }, (err: unknown) => err instanceof Anthropic.APIError && /Overloaded/.test(err.message));
    assert.equal(text, 'Let me');
  });

  test('an upstream 529 moves on to the next deployment', async () => {
    const { data, response } = await client(IPS.DE).messages.create(ask('busy')).withResponse();
    assert.equal(response.headers.get('x-cordon-provider'), 'deepseek');
    assert.equal(data.content[0]?.type === 'text' ? data.content[0].text : '', 'Hello from deepseek');
  });

  test('no upstream reachable: 529 overloaded_error in Anthropic\'s shape, raised as OverloadedError', async () => {
    await assert.rejects(client(IPS.DE).messages.create(ask('unreachable')), (err: unknown) => {
      assert.ok(err instanceof Anthropic.OverloadedError, String(err));
      assert.deepEqual((err.error as { error: { type: string; code: string } }).error.type, 'overloaded_error');
      assert.equal((err.error as { error: { code: string } }).error.code, 'upstream_unavailable');
      return true;
    });
  });

  test('count_tokens reaches the upstream\'s own endpoint', async () => {
    const counted = await client(IPS.DE).messages.countTokens({ model: 'coder', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(counted.input_tokens, 42);
    assert.equal(anthropicUp.received.at(-1)?.path, '/v1/messages/count_tokens');
  });
});
