/**
 * Metering that cannot be dodged (issue 14), end to end over real HTTP with a scripted upstream:
 * - a caller that leaves after the last content chunk, before the usage chunk: the upstream's usage,
 *   which arrives after it left, is recorded (not estimated);
 * - an upstream that never sends usage, or a caller that leaves and the upstream stalls: the prompt
 *   and the relayed answer are counted with gpt-tokenizer and the record says it is an estimate;
 * - the answer's last part (`[DONE]`, a JSON answer's last bytes) reaches the caller only after its
 *   usage record committed; a store failing at that moment does not lose the record (outbox).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import type { AuditEntry, AuditLog } from '../../src/audit/index.js';
import { startGateway, IPS, type GatewayFixture } from '../helpers/gateway-fixture.js';

const CONTENT = ['The quick ', 'brown fox ', 'jumps over the lazy dog.'];
const PROMPT = 'Tell me about foxes, and be brief about it.';
const USAGE = { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 };

/** Holds the `late` model's usage chunk until the test releases it. */
let releaseUsage: () => void = () => {};
let usageReleased = Promise.resolve();
const stalled: ServerResponse[] = [];

function scriptedUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; stream?: boolean };
      if (!body.stream) {
        const answer = JSON.stringify({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: CONTENT.join('') }, finish_reason: 'stop' }], usage: USAGE });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const c of CONTENT) res.write(`data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content: c } }] })}\n\n`);
      const finish = () => {
        if (body.model !== 'gpt-4o-lenient') res.write(`data: ${JSON.stringify({ id: 'c', choices: [], usage: USAGE })}\n\n`);
        res.end('data: [DONE]\n\n');
      };
      if (body.model === 'llama-3-stall') stalled.push(res);
      else if (body.model === 'gpt-4o-late') void usageReleased.then(finish);
      else finish();
    });
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}

let upstream: Server;
let gw: GatewayFixture;
let key: string;

before(async () => {
  upstream = await scriptedUpstream();
  const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const price = { input: 2.5, output: 10 };
  gw = await startGateway(
    {
      server: { trusted_proxies: ['127.0.0.1/32'] },
      providers: { openai: { base_url: base } },
      models: {
        exact: { deployments: [{ provider: 'openai', model: 'gpt-4o-exact', price }] },
        lenient: { deployments: [{ provider: 'openai', model: 'gpt-4o-lenient', price }] },
        late: { deployments: [{ provider: 'openai', model: 'gpt-4o-late', price }] },
        stall: { deployments: [{ provider: 'openai', model: 'llama-3-stall', price }] },
      },
    },
    { overrides: { background: false } },
  );
  key = await gw.createKey('acme', 'DE');
});

after(async () => {
  for (const res of stalled) res.destroy();
  await gw?.close();
  upstream?.closeAllConnections();
  upstream?.close();
});

function call(model: string, stream: boolean | string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': IPS.DE },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: PROMPT }] }),
    signal,
  });
}

/** Reads an SSE answer until `until` is in it; returns the text and when each part arrived. */
async function readUntil(res: Response, until: string): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(until)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

/** The request's usage record, waited for with a deadline (some are written after a grace time or a retry). */
async function usageRecord(requestId: string, withinMs = 5000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = (await gw.app.store.audit.findByRef(requestId)).filter((r) => r.kind === 'usage');
    if (found.length > 0) {
      assert.equal(found.length, 1, 'one usage record per request');
      return found[0]?.data as Record<string, unknown>;
    }
    if (Date.now() > deadline) throw new Error(`no usage record for ${requestId}`);
    await sleep(20);
  }
}

/**
 * The gateway's end of the next caller connection: resolves with `closed`, which settles once the
 * gateway has seen that connection close (the caller left). The call must open a connection of its own.
 */
function nextCallerConnection(): Promise<{ readonly closed: Promise<unknown> }> {
  return new Promise((resolve) => gw.app.server.once('connection', (socket: Socket) => resolve({ closed: once(socket, 'close') })));
}

/** A streaming call on a connection of its own (no keep-alive pool), so the test knows which socket is the caller's. */
function callAlone(model: string): { readonly response: Promise<IncomingMessage>; readonly leave: () => void } {
  const req = request(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    agent: false,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': IPS.DE },
  });
  req.end(JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: PROMPT }] }));
  return { response: once(req, 'response').then(([res]) => res as IncomingMessage), leave: () => req.destroy() };
}

const promptTokens = o200k(PROMPT) + 3 + 3; // one message, and the reply's priming
const answerTokens = o200k(CONTENT.join(''));

describe('a stream whose caller leaves early', () => {
  test('the usage chunk that arrives after the caller left is recorded as the upstream gave it', async () => {
    usageReleased = new Promise((resolve) => (releaseUsage = resolve));
    const callerConnection = nextCallerConnection();
    const caller = callAlone('late');
    const res = await caller.response;
    const id = res.headers['x-cordon-decision-id'] as string;
    const { closed } = await callerConnection;
    let text = '';
    for await (const chunk of res) {
      text += String(chunk);
      if (text.includes(CONTENT.at(-1) as string)) break;
    }
    caller.leave();
    await closed; // the gateway has seen the caller leave; only now does the upstream send its usage
    releaseUsage();
    const usage = await usageRecord(id);
    assert.deepEqual(usage.usage, { cached_input_tokens: 0, input_tokens: 21, output_tokens: 9 });
    assert.equal(usage.complete, false);
    assert.equal(usage.estimate, undefined, 'the upstream figure is not an estimate');
    assert.equal(usage.cost_nano_usd, (21 * 2.5 + 9 * 10) * 1000);
  });

  test('no usage within the grace time: the relayed answer and the prompt are counted, marked as an estimate (other family)', async () => {
    const abort = new AbortController();
    const res = await call('stall', true, abort.signal);
    const id = res.headers.get('x-cordon-decision-id') as string;
    await readUntil(res, CONTENT.at(-1) as string);
    abort.abort();
    const usage = await usageRecord(id);
    assert.deepEqual(usage.usage, { cached_input_tokens: 0, input_tokens: promptTokens, output_tokens: answerTokens });
    assert.deepEqual(usage.estimate, { family: 'other', tokenizer: 'o200k_base' });
    assert.equal(usage.complete, false);
    assert.equal(usage.cost_nano_usd, (promptTokens * 2.5 + answerTokens * 10) * 1000);
  });
});

describe('an upstream that streams without usage', () => {
  test('is metered by estimate with the model family tokenizer, and the caller gets the whole stream', async () => {
    const res = await call('lenient', true);
    const id = res.headers.get('x-cordon-decision-id') as string;
    const text = await res.text();
    assert.ok(text.endsWith('data: [DONE]\n\n'));
    const usage = await usageRecord(id, 0);
    assert.deepEqual(usage.usage, { cached_input_tokens: 0, input_tokens: promptTokens, output_tokens: answerTokens });
    assert.deepEqual(usage.estimate, { family: 'openai', tokenizer: 'o200k_base' });
    assert.equal(usage.complete, true);
  });

  test('"stream": "true" (a string) is refused with 400, or — where a lenient upstream streams for it — metered by estimate', async () => {
    const res = await call('lenient', 'true');
    const id = res.headers.get('x-cordon-decision-id') as string;
    const text = await res.text();
    if (res.status === 400) {
      assert.match(text, /stream/, 'the edge names the parameter');
      return;
    }
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const usage = await usageRecord(id, 0);
    assert.deepEqual(usage.usage, { cached_input_tokens: 0, input_tokens: promptTokens, output_tokens: answerTokens });
    assert.deepEqual(usage.estimate, { family: 'openai', tokenizer: 'o200k_base' });
  });
});

describe('the usage record is durable before the answer is whole', () => {
  /** Usage appends take `delayMs` longer (or fail `failures` times, like a full disk); returns when each committed. */
  function slowUsage(options: { delayMs?: number; failures?: number }): { committed: Map<string, number>; restore: () => void } {
    const audit = gw.app.store.audit as AuditLog & { append: AuditLog['append'] };
    const original = audit.append;
    const committed = new Map<string, number>();
    let failures = options.failures ?? 0;
    audit.append = async (entry: AuditEntry, opts) => {
      if (entry.kind !== 'usage') return original.call(audit, entry, opts);
      if (failures > 0) {
        failures--;
        throw new Error('SQLITE_FULL: database or disk is full');
      }
      await sleep(options.delayMs ?? 0);
      await original.call(audit, entry, opts);
      committed.set(entry.ref, performance.now());
    };
    return { committed, restore: () => (audit.append = original) };
  }

  for (const stream of [true, false]) {
    test(`${stream ? 'a stream: [DONE] arrives' : 'a JSON answer: its body is complete'} only after its usage record committed`, async () => {
      const fault = slowUsage({ delayMs: 150 });
      try {
        const res = await call('exact', stream);
        const id = res.headers.get('x-cordon-decision-id') as string;
        if (stream) assert.ok((await readUntil(res, 'data: [DONE]')).includes(CONTENT.at(-1) as string));
        else assert.deepEqual(((await res.json()) as { usage: unknown }).usage, USAGE);
        const wholeAt = performance.now();
        const committedAt = fault.committed.get(id);
        assert.ok(committedAt !== undefined && committedAt <= wholeAt, 'committed before the caller had the whole answer');
      } finally {
        fault.restore();
      }
    });
  }

  test('a store failing when the answer ends: the answer is served whole and the record is written from the outbox', async () => {
    const fault = slowUsage({ failures: 2 });
    try {
      const res = await call('exact', true);
      const id = res.headers.get('x-cordon-decision-id') as string;
      assert.ok((await res.text()).endsWith('data: [DONE]\n\n'));
      const usage = await usageRecord(id);
      assert.deepEqual(usage.usage, { cached_input_tokens: 0, input_tokens: 21, output_tokens: 9 });
    } finally {
      fault.restore();
    }
  });
});
