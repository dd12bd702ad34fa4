/** The meter on its own (the tap and the rewrite): chunk boundaries anywhere, both dialects, bounded copies. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { costNanoUsd, JsonUsageCollector, meterBody, readUsage, type MeterResult } from '../../src/metering/index.js';

/**
 * Meters a body made of `chunks` and consumes it the way the relay does (each chunk through the
 * rewrite when there is one, what was held at the end); returns what went out, chunk by chunk.
 */
async function meter(chunks: readonly string[], sse: boolean, strip: boolean): Promise<{ out: string[]; result: MeterResult }> {
  let result: MeterResult | null = null;
  const out: string[] = [];
  const body = Readable.from(chunks.map((c) => Buffer.from(c)), { objectMode: false });
  const rewrite = meterBody(body, { sse, strip, onDone: (r) => (result = r) });
  body.on('data', (chunk: Buffer) => {
    const sent = rewrite === null ? chunk : rewrite.push(chunk);
    if (sent.length > 0) out.push(sent.toString());
  });
  body.resume();
  await new Promise((resolve) => body.once('end', resolve));
  const rest = rewrite?.end();
  if (rest !== undefined && rest.length > 0) out.push(rest.toString());
  assert.ok(result !== null, 'onDone was called');
  return { out, result };
}

const chunk = (content: string) => `data: {"choices":[{"index":0,"delta":{"content":"${content}"}}],"usage":null}\n\n`;
const usageChunk = 'data: {"id":"x","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42,"prompt_tokens_details":{"cached_tokens":10}}}\n\n';
const stream = chunk('a') + chunk('b') + usageChunk + 'data: [DONE]\n\n';

/** Every way of cutting `text` into two or three pieces. */
function splits(text: string): string[][] {
  const out: string[][] = [];
  for (let i = 1; i < text.length; i += 7) out.push([text.slice(0, i), text.slice(i)]);
  for (let i = 1; i < text.length; i += 23) for (let j = i + 1; j < text.length; j += 29) out.push([text.slice(0, i), text.slice(i, j), text.slice(j)]);
  return out;
}

describe('SSE metering', () => {
  test('usage is read wherever the chunks are cut, and nothing is stripped unless asked', async () => {
    for (const pieces of splits(stream)) {
      const { out, result } = await meter(pieces, true, false);
      assert.deepEqual(out, pieces, 'chunks pass as they came');
      assert.deepEqual(result.usage, { inputTokens: 30, cachedInputTokens: 10, outputTokens: 12 });
      assert.equal(result.complete, true);
    }
  });

  test('stripping removes the usage-only event exactly, wherever the chunks are cut', async () => {
    for (const pieces of splits(stream)) {
      const { out, result } = await meter(pieces, true, true);
      assert.equal(out.join(''), chunk('a') + chunk('b') + 'data: [DONE]\n\n');
      assert.equal(result.usage?.outputTokens, 12);
    }
  });

  test('complete lines are never held back; only an unfinished line waits for its end', async () => {
    const { out } = await meter([chunk('a') + 'data: {"choi', 'ces":[]}\n\n'], true, true);
    assert.deepEqual(out, [chunk('a'), 'data: {"choices":[]}\n\n']);
  });

  test('CRLF line ends', async () => {
    const crlf = stream.replaceAll('\n', '\r\n');
    const { out, result } = await meter([crlf], true, true);
    assert.equal(out.join(''), (chunk('a') + chunk('b') + 'data: [DONE]\n\n').replaceAll('\n', '\r\n'));
    assert.equal(result.usage?.inputTokens, 30);
  });

  test('the responses API: usage from the response.completed event', async () => {
    const text =
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"hi"}\n\n' +
      'event: response.completed\ndata: {"type":"response.completed","response":{"id":"r","usage":{"input_tokens":9,"output_tokens":4,"input_tokens_details":{"cached_tokens":2}}}}\n\n';
    const { out, result } = await meter([text], true, true);
    assert.equal(out.join(''), text, 'nothing of a responses stream is stripped');
    assert.deepEqual(result.usage, { inputTokens: 9, cachedInputTokens: 2, outputTokens: 4 });
  });

  test('a cut stream reports incomplete, with what it saw, stripping or not', async () => {
    for (const strip of [false, true]) {
      let result: MeterResult | null = null;
      const source = new Readable({ read() {} });
      const rewrite = meterBody(source, { sse: true, strip, onDone: (r) => (result = r) });
      source.on('data', (c: Buffer) => rewrite?.push(c));
      source.resume();
      source.push(Buffer.from(chunk('a')));
      await new Promise((resolve) => setImmediate(resolve));
      source.on('error', () => {});
      source.destroy(new Error('upstream went away'));
      await new Promise((resolve) => source.once('close', resolve));
      assert.deepEqual(result, { usage: null, complete: false, bytes: Buffer.byteLength(chunk('a')) });
    }
  });

  test('no rewrite unless stripping an event stream: a JSON answer is only listened to', () => {
    assert.equal(meterBody(Readable.from([]), { sse: false, strip: true, onDone: () => {} }), null);
    assert.equal(meterBody(Readable.from([]), { sse: true, strip: false, onDone: () => {} }), null);
    assert.notEqual(meterBody(Readable.from([]), { sse: true, strip: true, onDone: () => {} }), null);
  });
});

describe('JSON metering', () => {
  const answer = (padding: number) =>
    JSON.stringify({ id: 'x', data: [{ embedding: 'A'.repeat(padding) }], usage: { prompt_tokens: 5, total_tokens: 5 } });

  test('a small answer is parsed whole', async () => {
    const { out, result } = await meter([answer(10).slice(0, 20), answer(10).slice(20)], false, false);
    assert.equal(out.join(''), answer(10));
    assert.deepEqual(result.usage, { inputTokens: 5, cachedInputTokens: 0, outputTokens: 0 });
  });

  test('a large answer keeps only a bounded tail, and usage is cut out of it', () => {
    const body = answer(3 * 1024 * 1024);
    const collector = new JsonUsageCollector(64 * 1024, 4 * 1024);
    let held = 0;
    for (let i = 0; i < body.length; i += 16 * 1024) {
      collector.push(Buffer.from(body.slice(i, i + 16 * 1024)));
      held = Math.max(held, collector.bytesHeld);
    }
    assert.ok(held <= 64 * 1024 + 16 * 1024, `held at most ${held} bytes of a ${body.length}-byte answer`);
    assert.deepEqual(collector.finish(), { inputTokens: 5, cachedInputTokens: 0, outputTokens: 0 });
  });

  test('no usage, or not JSON: null', async () => {
    assert.equal((await meter(['{"error":{"message":"nope"}}'], false, false)).result.usage, null);
    assert.equal((await meter(['<html>'], false, false)).result.usage, null);
  });
});

describe('usage and cost', () => {
  test('both dialects; usage: null is no usage', () => {
    assert.deepEqual(readUsage({ prompt_tokens: 3, completion_tokens: 2 }), { inputTokens: 3, cachedInputTokens: 0, outputTokens: 2 });
    assert.deepEqual(readUsage({ input_tokens: 3, output_tokens: 2 }), { inputTokens: 3, cachedInputTokens: 0, outputTokens: 2 });
    assert.equal(readUsage(null), null);
    assert.equal(readUsage({ total_tokens: 4 }), null);
  });

  test('cost in nano-USD: fresh input, cached input (input price when none), output', () => {
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 };
    assert.equal(costNanoUsd(usage, { input: 2.5, cachedInput: 1.25, output: 10 }), 1.5e9 + 0.5e9 + 1e9);
    assert.equal(costNanoUsd(usage, { input: 2.5, cachedInput: null, output: 10 }), 2.5e9 + 1e9);
    assert.equal(costNanoUsd({ inputTokens: 1, cachedInputTokens: 0, outputTokens: 0 }, { input: 0.075, cachedInput: null, output: 0 }), 75);
  });
});

describe('usage tap (no rewrite: the consumer gets the body as it came)', () => {
  const json = '{"id":"c","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}';

  test('reads usage beside the consumer, which gets every chunk unchanged; nothing flows before it resumes', async () => {
    for (const [sse, text] of [[false, json], [true, stream]] as const) {
      const pieces = [text.slice(0, 13), text.slice(13, 40), text.slice(40)];
      const body = Readable.from(pieces.map((c) => Buffer.from(c)), { objectMode: false });
      let result: MeterResult | null = null;
      assert.equal(meterBody(body, { sse, strip: false, onDone: (r) => (result = r) }), null);
      // Several turns of the event loop: a body that flowed on its own would have ended by now.
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(result, null, 'the tapped body waits, paused, for its consumer');
      const seen: string[] = [];
      body.on('data', (c: Buffer) => seen.push(c.toString()));
      body.resume();
      await new Promise((resolve) => body.once('end', resolve));
      assert.deepEqual(seen, pieces);
      assert.deepEqual(result, { usage: sse ? { inputTokens: 30, cachedInputTokens: 10, outputTokens: 12 } : { inputTokens: 7, cachedInputTokens: 0, outputTokens: 3 }, complete: true, bytes: Buffer.byteLength(text) });
    }
  });

  test('a body destroyed before its end is reported once, incomplete', async () => {
    const body = new Readable({ read() {} });
    const results: MeterResult[] = [];
    meterBody(body, { sse: false, strip: false, onDone: (r) => results.push(r) });
    body.on('data', () => {});
    body.resume();
    body.push(Buffer.from('{"usage":'));
    await new Promise((resolve) => setImmediate(resolve));
    body.destroy();
    await new Promise((resolve) => body.once('close', resolve));
    assert.deepEqual(results, [{ usage: null, complete: false, bytes: 9 }]);
  });
});
