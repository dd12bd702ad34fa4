/** The meter on its own (the tap and the rewrite): chunk boundaries anywhere, both dialects, bounded copies. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { costNanoUsd, JsonUsageCollector, meterBody, readUsage, type MeterResult } from '../../src/metering/index.js';

/**
 * Meters a body made of `chunks` and consumes it the way the relay does (each chunk through the tap,
 * what was held at the end once the usage is reported); returns what went out, chunk by chunk, and
 * what went out only at the end.
 */
async function meter(chunks: readonly string[], sse: boolean, strip: boolean): Promise<{ out: string[]; last: string; result: MeterResult }> {
  let result: MeterResult | null = null;
  const out: string[] = [];
  const body = Readable.from(chunks.map((c) => Buffer.from(c)), { objectMode: false });
  const rewrite = meterBody(body, { sse, strip, onDone: (r) => void (result = r) });
  body.on('data', (chunk: Buffer) => {
    const sent = rewrite.push(chunk);
    if (sent.length > 0) out.push(sent.toString());
  });
  body.resume();
  await new Promise((resolve) => body.once('end', resolve));
  const last = (await rewrite.end()).toString();
  if (last.length > 0) out.push(last);
  assert.ok(result !== null, 'onDone was called');
  return { out, last, result };
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
      const { out, last, result } = await meter(pieces, true, false);
      assert.equal(out.join(''), stream, 'nothing removed');
      const before = out.slice(0, last.length > 0 ? -1 : undefined).join('');
      assert.ok(!before.includes('data: [DONE]\n'), 'the [DONE] line goes out only at the end');
      assert.ok(stream.startsWith(before) && before.includes(usageChunk.slice(0, -2)), 'what comes before [DONE] goes out as it comes');
      assert.deepEqual(result.usage, { inputTokens: 30, cachedInputTokens: 10, outputTokens: 12 });
      assert.equal(result.complete, true);
      assert.equal(result.relayedText, null, 'with usage, no text is kept');
    }
  });

  test('stripping removes the usage-only event exactly, wherever the chunks are cut', async () => {
    for (const pieces of splits(stream)) {
      const { out, last, result } = await meter(pieces, true, true);
      assert.equal(out.join(''), chunk('a') + chunk('b') + 'data: [DONE]\n\n');
      assert.equal(last, 'data: [DONE]\n\n', 'the end is held until the usage is reported');
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
    const { out, last, result } = await meter([text], true, true);
    assert.equal(out.join(''), text, 'nothing of a responses stream is stripped');
    assert.ok(last.startsWith('data: {"type":"response.completed"'), 'the response.completed event is held until the usage is reported');
    assert.deepEqual(result.usage, { inputTokens: 9, cachedInputTokens: 2, outputTokens: 4 });
  });

  test('a cut stream reports incomplete, with what it saw, stripping or not', async () => {
    for (const strip of [false, true]) {
      let result: MeterResult | null = null;
      const source = new Readable({ read() {} });
      const rewrite = meterBody(source, { sse: true, strip, onDone: (r) => void (result = r) });
      source.on('data', (c: Buffer) => rewrite.push(c));
      source.resume();
      source.push(Buffer.from(chunk('a')));
      await new Promise((resolve) => setImmediate(resolve));
      source.on('error', () => {});
      source.destroy(new Error('upstream went away'));
      await new Promise((resolve) => source.once('close', resolve));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(result, { usage: null, complete: false, bytes: Buffer.byteLength(chunk('a')), relayedText: ['a'] });
    }
  });

  test('the end waits for the usage record: end() resolves only once onDone has settled', async () => {
    let settle: () => void = () => {};
    const recorded = new Promise<void>((resolve) => (settle = resolve));
    const body = Readable.from([Buffer.from(stream)], { objectMode: false });
    const rewrite = meterBody(body, { sse: true, strip: false, onDone: () => recorded });
    const sent: string[] = [];
    body.on('data', (c: Buffer) => sent.push(rewrite.push(c).toString()));
    body.resume();
    await new Promise((resolve) => body.once('end', resolve));
    let released: string | null = null;
    void Promise.resolve(rewrite.end()).then((rest) => (released = rest.toString()));
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(released, null, 'the [DONE] line waits for the record');
    assert.equal(sent.join(''), stream.slice(0, stream.indexOf('data: [DONE]')));
    settle();
    await recorded;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(released, 'data: [DONE]\n\n');
  });
});

describe('a caller that leaves early', () => {
  /** A stream the test feeds by hand, metered; `sent` is what went out while the caller was there. */
  function live(graceMs: number) {
    const source = new Readable({ read() {} });
    const results: MeterResult[] = [];
    const rewrite = meterBody(source, { sse: true, strip: true, onDone: (r) => void results.push(r), graceMs });
    const onData = (c: Buffer) => rewrite.push(c);
    source.on('data', onData);
    source.resume();
    const reported = new Promise<MeterResult>((resolve) => source.once('close', () => setImmediate(() => resolve(results[0] as MeterResult))));
    const leave = () => {
      source.off('data', onData); // the relay stops reading for the caller
      rewrite.callerGone?.();
    };
    const feed = async (text: string) => {
      source.push(Buffer.from(text));
      await new Promise((resolve) => setImmediate(resolve));
    };
    return { source, leave, feed, reported, results };
  }

  test('the usage chunk that arrives after the caller left is read and wins', async () => {
    const s = live(60_000);
    await s.feed(chunk('a') + chunk('b'));
    s.leave();
    await s.feed(usageChunk);
    const result = await s.reported;
    assert.deepEqual(result.usage, { inputTokens: 30, cachedInputTokens: 10, outputTokens: 12 });
    assert.equal(result.complete, false);
    assert.equal(result.relayedText, null);
    assert.equal(s.results.length, 1, 'reported once');
  });

  test('without usage within the grace time: the text the caller received, not what came after', async () => {
    const s = live(20);
    await s.feed(chunk('seen ') + chunk('by the caller'));
    s.leave();
    await s.feed(chunk(' never relayed'));
    const result = await s.reported;
    assert.equal(result.usage, null);
    assert.deepEqual(result.relayedText, ['seen ', 'by the caller']);
    assert.equal(s.source.destroyed, true, 'the upstream body is given up after the grace time');
  });
});

describe('JSON metering', () => {
  const answer = (padding: number) =>
    JSON.stringify({ id: 'x', data: [{ embedding: 'A'.repeat(padding) }], usage: { prompt_tokens: 5, total_tokens: 5 } });

  test('a small answer is parsed whole; its last chunk goes out only once the usage is reported', async () => {
    const { out, last, result } = await meter([answer(10).slice(0, 20), answer(10).slice(20)], false, false);
    assert.equal(out.join(''), answer(10));
    assert.equal(last, answer(10).slice(20));
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

describe('the tap', () => {
  const json = '{"id":"c","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}';

  test('nothing flows before the relay resumes the body', async () => {
    for (const [sse, text] of [[false, json], [true, stream]] as const) {
      const body = Readable.from([Buffer.from(text)], { objectMode: false });
      let result: MeterResult | null = null;
      const rewrite = meterBody(body, { sse, strip: false, onDone: (r) => void (result = r) });
      // Several turns of the event loop: a body that flowed on its own would have ended by now.
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(result, null, 'the tapped body waits, paused, for its consumer');
      body.on('data', (c: Buffer) => rewrite.push(c));
      body.resume();
      await new Promise((resolve) => body.once('end', resolve));
      await rewrite.end();
      assert.deepEqual(result, { usage: sse ? { inputTokens: 30, cachedInputTokens: 10, outputTokens: 12 } : { inputTokens: 7, cachedInputTokens: 0, outputTokens: 3 }, complete: true, bytes: Buffer.byteLength(text), relayedText: null });
    }
  });

  test('a body destroyed before its end is reported once, incomplete', async () => {
    const body = new Readable({ read() {} });
    const results: MeterResult[] = [];
    const rewrite = meterBody(body, { sse: false, strip: false, onDone: (r) => void results.push(r) });
    body.on('data', (c: Buffer) => rewrite.push(c));
    body.resume();
    body.push(Buffer.from('{"usage":'));
    await new Promise((resolve) => setImmediate(resolve));
    body.destroy();
    await new Promise((resolve) => body.once('close', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(results, [{ usage: null, complete: false, bytes: 9, relayedText: null }]);
  });
});
