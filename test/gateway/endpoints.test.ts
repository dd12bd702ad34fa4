/**
 * Every OpenAI endpoint Cordon relays, through the official client, against the labelled simulated
 * upstream (the offline default), with the policy applied to each.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { IPS, startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';

let gw: GatewayFixture;
let key: string;

before(async () => {
  // One key from many countries: enforcement is off here (test/enforcement/ covers it).
  gw = await startGateway({ server: { trusted_proxies: ['127.0.0.1/32'] }, enforcement: { enabled: false } }, { env: {} });
  key = await gw.createKey('acme', 'DE');
});
after(() => gw?.close());

const client = (ip: string) => new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': ip } });

describe('endpoints', () => {
  test('embeddings: deterministic unit vectors of the asked dimension', async () => {
    const a = await client(IPS.DE).embeddings.create({ model: 'text-embedding-3-small', input: ['hello', 'world'], dimensions: 16 });
    assert.equal(a.data.length, 2);
    assert.equal(a.data[0]?.embedding.length, 16);
    const norm = Math.hypot(...(a.data[0]?.embedding ?? []));
    assert.ok(Math.abs(norm - 1) < 1e-6, `unit length, got ${norm}`);
    const b = await client(IPS.DE).embeddings.create({ model: 'text-embedding-3-small', input: ['hello', 'world'], dimensions: 16 });
    assert.deepEqual(a.data[0]?.embedding, b.data[0]?.embedding, 'deterministic');
    assert.notDeepEqual(a.data[0]?.embedding, a.data[1]?.embedding);
    const floats = await client(IPS.DE).embeddings.create({ model: 'text-embedding-3-small', input: 'hello', dimensions: 16, encoding_format: 'float' });
    assert.deepEqual(floats.data[0]?.embedding.map((v) => Math.fround(v)), a.data[0]?.embedding, 'float and base64 encodings agree');
  });

  test('completions: JSON and stream', async () => {
    const c = await client(IPS.DE).completions.create({ model: 'gpt-4o-mini', prompt: 'Say hi' });
    assert.match(c.choices[0]?.text ?? '', /^\[simulated openai\/gpt-4o-mini\]/);
    const stream = await client(IPS.DE).completions.create({ model: 'gpt-4o-mini', prompt: 'Say hi', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    assert.equal(text, c.choices[0]?.text);
  });

  test('responses: JSON and stream', async () => {
    const r = await client(IPS.DE).responses.create({ model: 'gpt-4o-mini', input: 'Say hi' });
    assert.match(r.output_text, /^\[simulated openai\/gpt-4o-mini\]/);
    const stream = await client(IPS.DE).responses.create({ model: 'gpt-4o-mini', input: 'Say hi', stream: true });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    assert.equal(text, r.output_text);
  });

  test('chat with stream_options.include_usage gets the usage chunk', async () => {
    const stream = await client(IPS.DE).chat.completions.create({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    let usage: OpenAI.CompletionUsage | null | undefined = null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    assert.ok(usage && usage.total_tokens > 0);
  });

  test('each endpoint is refused from a sanctioned place', async () => {
    const kp = client(IPS.KP);
    for (const call of [
      () => kp.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }),
      () => kp.completions.create({ model: 'gpt-4o-mini', prompt: 'x' }),
      () => kp.responses.create({ model: 'gpt-4o-mini', input: 'x' }),
    ]) {
      await assert.rejects(call(), (err: unknown) => err instanceof OpenAI.PermissionDeniedError && err.code === 'unsupported_country_region_territory');
    }
  });

  test('a place only some providers serve: Russia gets DeepSeek for `chat`, and no OpenAI model', async () => {
    const { response } = await client(IPS.RU).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    assert.equal(response.headers.get('x-cordon-provider'), 'deepseek');
    const models = (await client(IPS.RU).models.list()).data.map((m) => m.id);
    assert.ok(models.includes('deepseek-chat'));
    assert.ok(!models.includes('gpt-4o'));
  });
});
