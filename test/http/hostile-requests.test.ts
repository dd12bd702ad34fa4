/**
 * Requests built to cost Cordon work: a big body without a key, a body over the limit that keeps coming,
 * JSON nested 100,000 deep, fields of the wrong type, a caller that leaves mid-body. Each is answered
 * (or closed) without the work, in OpenAI's shape, with nothing recorded and nothing sent upstream.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger, LogLevel } from '../../src/observability/logger.js';
import { startGateway, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.js';
import { rawConnect, waitFor } from '../helpers/raw-socket.js';

const MAX_BODY = 1024 * 1024;
const LINGER_MS = 500;
const SLACK_MS = 1500;

let gw: GatewayFixture;
let upstream: MockUpstream;
let key: string;
const logs: { level: LogLevel; msg: string; fields: Record<string, unknown> | undefined }[] = [];
const logged = new EventEmitter();
const logger: Logger = {
  log(level, msg, fields) {
    logs.push({ level, msg, fields });
    logged.emit(msg);
  },
};

/** Starts an event stream with one event and never ends it (until the connection goes). */
async function startHangingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"hang","choices":[{"index":0,"delta":{"content":"thinking"},"finish_reason":null}]}\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

let hanging: Awaited<ReturnType<typeof startHangingUpstream>>;

before(async () => {
  upstream = await startMockUpstream({ name: 'upstream' });
  hanging = await startHangingUpstream();
  gw = await startGateway(
    {
      server: { max_body_bytes: MAX_BODY, linger_ms: LINGER_MS, max_json_depth: 16 },
      enforcement: { enabled: false },
      providers: { mock: { preset: 'openai-compatible', base_url: upstream.url }, hang: { preset: 'openai-compatible', base_url: hanging.url } },
      models: {
        chat: { deployments: [{ provider: 'mock', model: 'mock-ok', price: { input: 1, output: 1 } }] },
        hanging: { deployments: [{ provider: 'hang', model: 'hang', price: { input: 1, output: 1 } }] },
      },
    },
    { overrides: { logger } },
  );
  key = await gw.createKey();
});

after(async () => {
  await gw?.close();
  await upstream?.close();
  await hanging?.close();
});

async function post(body: string, apiKey: string | null = key): Promise<{ status: number; json: { error: { message: string; type: string; param: string | null; code: string } }; decisionId: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
  const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as never, decisionId: res.headers.get('x-cordon-decision-id') ?? '' };
}

/** Writes `chunk` as fast as the socket takes it until the server closes it; resolves with the bytes written. */
function flood(socket: Socket, chunk: Buffer): Promise<number> {
  let written = 0;
  return new Promise((resolve) => {
    const pump = () => {
      while (!socket.destroyed && socket.writable) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.once('close', () => resolve(written));
    pump();
  });
}

/**
 * Sends `head`, then body bytes without pause: the answer must be `status` with `code`, and the
 * connection cut within the linger however much the client still has to send.
 */
async function answeredThenCut(head: string, chunk: Buffer, status: number, code: string): Promise<void> {
  const c = await rawConnect(gw.url);
  c.socket.write(head);
  const written = flood(c.socket, chunk);
  const { text, ms } = await c.closed;
  assert.match(text, new RegExp(`^HTTP/1\\.1 ${status} `));
  assert.match(text, new RegExp(`"code":"${code}"`));
  assert.ok(ms < LINGER_MS + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
  // Bounded: the linger reads at most max_body_bytes, plus what the kernel buffers on both sides.
  assert.ok((await written) < 32 * 1024 * 1024, `${await written} bytes sent before the cut`);
}

const SPACES = Buffer.alloc(64 * 1024, 0x20);

describe('the key before the body', { timeout: 15_000 }, () => {
  test('no key and a 7 MB body declared: 401 before a byte of the body is sent', async () => {
    const c = await rawConnect(gw.url);
    c.socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 7000000\r\n\r\n');
    const text = await waitFor(c, '"code":"missing_api_key"');
    assert.match(text, /^HTTP\/1\.1 401 /);
    // Nothing more arrives: the rest of the body is waited for no longer than the linger.
    const { ms } = await c.closed;
    assert.ok(ms < LINGER_MS + SLACK_MS, `closed after ${ms.toFixed(0)} ms`);
  });

  test('an unknown key, the body still coming: 401, then the connection is cut within the linger', async () => {
    await answeredThenCut('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer sk-cordon-nope\r\ncontent-length: 500000000\r\n\r\n', SPACES, 401, 'invalid_api_key');
  });

  test('a small body after a 401 ends within the linger: the connection stays open for the next request', async () => {
    const c = await rawConnect(gw.url);
    const body = '{"model":"chat","messages":[]}';
    c.socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length}\r\n\r\n`);
    await waitFor(c, 'missing_api_key');
    c.socket.write(body);
    c.socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
    await waitFor(c, '{"status":"ok"}');
    c.socket.destroy();
  });
});

describe('over the size limit', { timeout: 15_000 }, () => {
  test('413 for a declared length over the limit, then the connection is cut while the client keeps sending', async () => {
    await answeredThenCut(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-length: 500000000\r\n\r\n`, SPACES, 413, 'request_too_large');
  });

  test('413 for a chunked body that grows past the limit, then the same bounded close', async () => {
    const frame = Buffer.concat([Buffer.from(`${SPACES.length.toString(16)}\r\n`), SPACES, Buffer.from('\r\n')]);
    await answeredThenCut(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ntransfer-encoding: chunked\r\n\r\n`, frame, 413, 'request_too_large');
  });
});

describe('a budget for parsing, and field types', { timeout: 15_000 }, () => {
  test('JSON nested 100,000 deep: 400 json_too_deep in OpenAI\'s shape, nothing recorded, nothing sent upstream', async () => {
    const seen = upstream.received.length;
    const deep = `{"model":"chat","messages":[],"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const r = await post(deep);
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: { message: 'The request body nests objects and arrays deeper than the 16 levels this gateway accepts.', type: 'invalid_request_error', param: null, code: 'json_too_deep' } });
    assert.deepEqual(await gw.app.store.audit.findByRef(r.decisionId), [], 'no decision record');
    assert.equal(upstream.received.length, seen);
  });

  test('nesting at the limit passes, brackets inside strings do not count', async () => {
    const atLimit = `{"model":"chat","messages":[{"role":"user","content":"${'[{'.repeat(50)}"}],"metadata":{"a":${'['.repeat(13)}${']'.repeat(13)}}}`;
    const r = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: atLimit });
    assert.equal(r.status, 200);
  });

  const cases: readonly [string, Record<string, unknown>, string, string][] = [
    ['"stream": "true"', { stream: 'true' }, 'stream', "Invalid type for 'stream': expected a boolean, but got a string instead."],
    ['messages as a string', { messages: 'hi' }, 'messages', "Invalid type for 'messages': expected an array, but got a string instead."],
    ['model as a number', { model: 4 }, 'model', "Invalid type for 'model': expected a string, but got an integer instead."],
    ['max_tokens as a decimal', { max_tokens: 1.5 }, 'max_tokens', "Invalid type for 'max_tokens': expected an integer, but got a decimal number instead."],
    ['user as an object', { user: { id: 1 } }, 'user', "Invalid type for 'user': expected a string, but got an object instead."],
    ['stream_options as an array', { stream: true, stream_options: [] }, 'stream_options', "Invalid type for 'stream_options': expected an object, but got an array instead."],
    ['temperature as a string', { temperature: 'hot' }, 'temperature', "Invalid type for 'temperature': expected a decimal, but got a string instead."],
  ];
  for (const [name, fields, param, message] of cases) {
    test(`${name}: 400 invalid_type with param "${param}", nothing recorded or sent`, async () => {
      const seen = upstream.received.length;
      const r = await post(JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], ...fields }));
      assert.equal(r.status, 400);
      assert.deepEqual(r.json, { error: { message, type: 'invalid_request_error', param, code: 'invalid_type' } });
      assert.deepEqual(await gw.app.store.audit.findByRef(r.decisionId), []);
      assert.equal(upstream.received.length, seen);
    });
  }

  test('null counts as absent, as OpenAI treats optional parameters', async () => {
    const r = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify({ model: 'chat', messages: [], user: null, stream: null }) });
    assert.equal(r.status, 200);
  });
});

describe('a caller that leaves', { timeout: 15_000 }, () => {
  test('mid-body: logged once at info, without a stack, and no error line', async () => {
    const from = logs.length;
    const aborted = once(logged, 'request aborted by the client');
    const c = await rawConnect(gw.url);
    c.socket.end(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-length: 1000\r\n\r\n{"model":`);
    await c.closed;
    await aborted;
    const mine = logs.slice(from);
    const lines = mine.filter((l) => l.msg === 'request aborted by the client');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 'info');
    assert.doesNotMatch(JSON.stringify(lines[0]?.fields), /\n\s+at /, 'no stack');
    assert.deepEqual(mine.filter((l) => l.level === 'error'), []);
  });

  test('mid-answer: the early end of the relay is an info line, not a warning', async () => {
    const from = logs.length;
    const ended = once(logged, 'relay ended early');
    const abort = new AbortController();
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'hanging', stream: true, messages: [] }),
      signal: abort.signal,
    });
    assert.equal(res.status, 200);
    // The first event is here, the rest never comes: leave now.
    const reader = res.body?.getReader();
    await reader?.read();
    abort.abort();
    await ended;
    const line = logs.slice(from).find((l) => l.msg === 'relay ended early');
    assert.equal(line?.level, 'info');
    assert.deepEqual(logs.slice(from).filter((l) => l.level === 'error'), []);
  });
});
