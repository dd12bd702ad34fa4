/**
 * Upstreams are asked for identity encoding; one that compresses anyway (gzip, deflate, brotli) has its
 * answer decoded, so the caller gets plain JSON or events with no stale `content-encoding`, and metering
 * still reads the usage. An encoding Cordon cannot decode is relayed with its header.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { recordsFor } from '../helpers/records.js';

const USAGE = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
// `compress` (LZW): neither Cordon nor any HTTP client here decodes it (Node 24's fetch decodes zstd).
const ENCODERS: Readonly<Record<string, (b: Buffer) => Buffer>> = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
  compress: (b) => Buffer.concat([Buffer.from([0x1f, 0x9d]), b]),
};

let server: Server;
let gw: GatewayFixture;
let key: string;
const seenHeaders: IncomingHttpHeaders[] = [];

/** Compresses every answer with the encoding its model names (`enc-gzip`…), whatever the request asked for. */
function startCompressingUpstream(): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seenHeaders.push(req.headers);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; stream?: boolean };
      const encoding = body.model.slice('enc-'.length);
      const encode = ENCODERS[encoding] as (b: Buffer) => Buffer;
      if (body.stream === true) {
        const base = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: body.model };
        const text = [
          `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'zipped' }, finish_reason: 'stop' }] })}\n\n`,
          `data: ${JSON.stringify({ ...base, choices: [], usage: USAGE })}\n\n`,
          'data: [DONE]\n\n',
        ].join('');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': encoding });
        res.end(encode(Buffer.from(text)));
        return;
      }
      const payload = encode(Buffer.from(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'zipped' }, finish_reason: 'stop' }], usage: USAGE })));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': payload.length });
      res.end(payload);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`)));
}

before(async () => {
  const url = await startCompressingUpstream();
  const deployment = (model: string) => ({ deployments: [{ provider: 'zipper', model, price: { input: 1, output: 1 } }] });
  gw = await startGateway(
    {
      enforcement: { enabled: false },
      providers: { zipper: { preset: 'openai-compatible', base_url: url } },
      models: { gzip: deployment('enc-gzip'), deflate: deployment('enc-deflate'), br: deployment('enc-br'), compress: deployment('enc-compress') },
    },
    { overrides: { background: false } },
  );
  key = await gw.createKey();
});

after(async () => {
  await gw?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function ask(model: string, stream = false): Promise<Response> {
  return fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'accept-encoding': 'identity' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('upstream content encoding', () => {
  test('the upstream is asked for identity encoding', async () => {
    await (await ask('gzip')).text();
    assert.equal(seenHeaders.at(-1)?.['accept-encoding'], 'identity');
  });

  for (const encoding of ['gzip', 'deflate', 'br']) {
    test(`${encoding} anyway: the caller gets plain JSON without content-encoding, and the usage is metered`, async () => {
      const res = await ask(encoding);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-encoding'), null);
      const raw = Buffer.from(await res.arrayBuffer());
      const body = JSON.parse(raw.toString('utf8')) as { choices: { message: { content: string } }[] };
      assert.equal(body.choices[0]?.message.content, 'zipped');
      const [, usage] = await recordsFor(gw.app.store, res.headers.get('x-cordon-decision-id') ?? '', 2);
      assert.deepEqual((usage?.data as { usage: unknown }).usage, { input_tokens: 11, cached_input_tokens: 0, output_tokens: 7 });
    });
  }

  test('a gzipped event stream: plain events reach the caller, the usage is metered', async () => {
    const res = await ask('gzip', true);
    assert.equal(res.headers.get('content-encoding'), null);
    const text = await res.text();
    assert.match(text, /"content":"zipped"/);
    assert.match(text, /data: \[DONE\]/);
    const [, usage] = await recordsFor(gw.app.store, res.headers.get('x-cordon-decision-id') ?? '', 2);
    assert.deepEqual((usage?.data as { usage: unknown }).usage, { input_tokens: 11, cached_input_tokens: 0, output_tokens: 7 });
  });

  test('an encoding Cordon cannot decode is relayed with its header, never as mislabelled bytes', async () => {
    const res = await ask('compress');
    assert.equal(res.headers.get('content-encoding'), 'compress');
    assert.deepEqual([...Buffer.from(await res.arrayBuffer()).subarray(0, 2)], [0x1f, 0x9d], 'the bytes as the upstream sent them');
  });
});
