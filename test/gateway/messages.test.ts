/**
 * Anthropic's Messages API through the official `@anthropic-ai/sdk`, against the labelled simulated
 * upstream (the offline default, no keys): JSON, streaming with every event type, token counting, the
 * model list in Anthropic's shape, and errors raised as the SDK's own classes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { IPS, startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { recordsFor } from '../helpers/records.js';

let gw: GatewayFixture;
let key: string;

before(async () => {
  gw = await startGateway({ server: { trusted_proxies: ['127.0.0.1/32'] }, enforcement: { enabled: false } }, { env: {}, overrides: { background: false } });
  key = await gw.createKey('acme', 'DE');
});
after(() => gw?.close());

const client = (ip: string, apiKey = key) => new Anthropic({ baseURL: gw.url, apiKey, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': ip } });
const ask = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hi' }] };

describe('Messages API through the Anthropic SDK', () => {
  test('JSON: a message from the simulated upstream, with usage, recorded and metered', async () => {
    const { data, response } = await client(IPS.DE).messages.create(ask).withResponse();
    assert.equal(data.type, 'message');
    assert.equal(data.role, 'assistant');
    const block = data.content[0];
    assert.ok(block?.type === 'text');
    assert.match(block.text, /^\[simulated anthropic\/claude-haiku-4-5\]/);
    assert.equal(data.stop_reason, 'end_turn');
    assert.ok(data.usage.input_tokens > 0 && data.usage.output_tokens > 0);
    assert.equal(response.headers.get('x-cordon-provider'), 'anthropic');
    assert.equal(response.headers.get('x-cordon-simulated'), 'true');
    const id = response.headers.get('x-cordon-decision-id') ?? '';
    const [decision, usage] = await recordsFor(gw.app.store, id, 2);
    assert.equal(decision?.data.endpoint, '/messages');
    assert.equal(decision?.data.outcome, 'routed');
    assert.deepEqual(usage?.data.usage, { cached_input_tokens: 0, input_tokens: data.usage.input_tokens, output_tokens: data.usage.output_tokens });
    assert.equal(usage?.data.complete, true);
    const expected = Math.round((data.usage.input_tokens * 1.0 + data.usage.output_tokens * 5.0) * 1000);
    assert.equal(usage?.data.cost_nano_usd, expected, 'priced at claude-haiku-4-5 list prices');
  });

  test('streaming: every event type, in order, and the same text as the JSON answer', async () => {
    const json = await client(IPS.DE).messages.create(ask);
    const stream = await client(IPS.DE).messages.create({ ...ask, stream: true });
    const types: string[] = [];
    let text = '';
    let output = 0;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') output = event.usage.output_tokens;
    }
    const distinct = types.filter((t, i) => types.indexOf(t) === i);
    // The SDK drops `ping` events (keep-alives); the wire below has them.
    assert.deepEqual(distinct, ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    const raw = await client(IPS.DE).messages.create({ ...ask, stream: true }).asResponse();
    assert.match(raw.headers.get('content-type') ?? '', /^text\/event-stream/);
    const wire = [...(await raw.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual(wire.filter((t, i) => wire.indexOf(t) === i), ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    assert.equal(text, json.content[0]?.type === 'text' ? json.content[0].text : null);
    assert.equal(output, json.usage.output_tokens);
  });

  test('the SDK\'s stream helper assembles the final message; usage recorded from message_start and message_delta', async () => {
    const stream = client(IPS.DE).messages.stream(ask);
    const message = await stream.finalMessage();
    assert.match(message.content[0]?.type === 'text' ? message.content[0].text : '', /^\[simulated anthropic\//);
    const id = stream.response?.headers.get('x-cordon-decision-id') ?? '';
    const [, usage] = await recordsFor(gw.app.store, id, 2);
    assert.deepEqual(usage?.data.usage, { cached_input_tokens: 0, input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens });
  });

  test('count_tokens: decided and recorded like a message', async () => {
    const { data, response } = await client(IPS.DE).messages.countTokens({ model: ask.model, messages: ask.messages }).withResponse();
    assert.ok(data.input_tokens > 0);
    const [decision] = await recordsFor(gw.app.store, response.headers.get('x-cordon-decision-id') ?? '', 1);
    assert.equal(decision?.data.endpoint, '/messages/count_tokens');
  });

  test('models: Anthropic\'s shape with `anthropic-version`, OpenAI\'s without', async () => {
    const models = [];
    for await (const m of client(IPS.DE).models.list()) models.push(m);
    assert.ok(models.some((m) => m.id === 'claude-haiku-4-5' && m.type === 'model' && typeof m.created_at === 'string'));
    const plain = await fetch(`${gw.url}/v1/models`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': IPS.DE } });
    assert.equal(((await plain.json()) as { object: string }).object, 'list');
  });

  test('a region refusal raises PermissionDeniedError, of type `forbidden`, with the decision id as request id', async () => {
    await assert.rejects(client(IPS.KP).messages.create(ask), (err: unknown) => {
      assert.ok(err instanceof Anthropic.PermissionDeniedError, String(err));
      assert.equal(err.status, 403);
      assert.deepEqual(err.error, { type: 'error', error: { type: 'forbidden', message: 'Country, region, or territory not supported', code: 'unsupported_country_region_territory' }, request_id: err.requestID });
      assert.match(err.requestID ?? '', /^dec_/);
      return true;
    });
    await assert.rejects(client(IPS.KP).messages.create({ ...ask, stream: true }), Anthropic.PermissionDeniedError);
  });

  test('a bad key raises AuthenticationError; the key is read from `x-api-key` as from Bearer', async () => {
    await assert.rejects(client(IPS.DE, 'sk-cordon-nope').messages.create(ask), (err: unknown) => err instanceof Anthropic.AuthenticationError && (err.error as { error: { type: string } }).error.type === 'authentication_error');
    const res = await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', 'x-forwarded-for': IPS.DE }, body: JSON.stringify(ask) });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { type: string }).type, 'message');
  });

  test('an unknown model raises NotFoundError; a body without a model BadRequestError', async () => {
    await assert.rejects(client(IPS.DE).messages.create({ ...ask, model: 'claude-nope' }), (err: unknown) => err instanceof Anthropic.NotFoundError && (err.error as { error: { type: string } }).error.type === 'not_found_error');
    const res = await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: JSON.stringify({ max_tokens: 1, messages: [] }) });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('request-id'), res.headers.get('x-cordon-decision-id'));
    assert.deepEqual(((await res.json()) as { error: unknown }).error, { type: 'invalid_request_error', message: 'You must provide a model parameter.', code: 'missing_model' });
    const bad = await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key }, body: '{' });
    assert.equal(((await bad.json()) as { type: string }).type, 'error');
  });
});
