/**
 * The pieces `cordon check -` streams with: lines read from a stream in batches, output written in
 * large chunks with backpressure and a quiet end when the reader goes, records kept for repeats.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PassThrough, Readable, Writable } from 'node:stream';
import { BatchedOutput } from '../../src/cli/batched-output.js';
import { lineBatches } from '../../src/cli/line-input.js';
import { RecentRecords } from '../../src/cli/recent-records.js';

async function linesOf(chunks: ReadonlyArray<string | Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of lineBatches(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))))) out.push(...batch);
  return out;
}

describe('lineBatches', () => {
  test('lines across chunk boundaries, \\r kept, a last line without \\n, empty lines', async () => {
    assert.deepEqual(await linesOf(['1.2.3.4\n5.6', '.7.8\r\n\n', '::1']), ['1.2.3.4', '5.6.7.8\r', '', '::1']);
    assert.deepEqual(await linesOf(['a\n']), ['a']);
    assert.deepEqual(await linesOf([]), []);
  });

  test('a UTF-8 character split between two chunks comes out whole', async () => {
    const bytes = Buffer.from('São Paulo\nx\n');
    assert.deepEqual(await linesOf([bytes.subarray(0, 2), bytes.subarray(2)]), ['São Paulo', 'x']);
  });

  test('a line longer than 64 KiB keeps its head; the next line is intact', async () => {
    const long = 'x'.repeat(200 * 1024);
    const lines = await linesOf([...long.match(/.{1,65536}/g)!, '\n8.8.8.8\n']);
    assert.equal(lines.length, 2);
    assert.ok((lines[0] as string).length < long.length && (lines[0] as string).startsWith('x'.repeat(65_536)));
    assert.equal(lines[1], '8.8.8.8');
  });
});

describe('BatchedOutput', () => {
  test('records are written in order, in chunks, and waits for drain when the writer is full', async () => {
    const written: Buffer[] = [];
    let drains = 0;
    const out = new Writable({ highWaterMark: 1024, write: (chunk: Buffer, _e, done) => void setImmediate(() => (written.push(chunk), done())) });
    out.on('drain', () => drains++);
    const batched = new BatchedOutput(out);
    const records = Array.from({ length: 2000 }, (_, i) => `{"n":${i},"pad":"${'é'.repeat(200)}"}\n`);
    for (const r of records) if (batched.add(r)) await batched.flush();
    batched.add(Buffer.from('end\n'));
    await batched.end();
    assert.equal(Buffer.concat(written).toString(), records.join('') + 'end\n');
    assert.ok(written.length < 20 && drains > 0, `${written.length} writes, ${drains} drains`);
  });

  test('a reader that goes away (EPIPE) closes it quietly; other write errors are thrown', async () => {
    const gone = new PassThrough();
    const batched = new BatchedOutput(gone);
    gone.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    assert.equal(batched.closed, true);
    batched.add('x\n');
    await batched.end();

    const full = new PassThrough();
    const failing = new BatchedOutput(full);
    full.emit('error', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    failing.add('x\n');
    await assert.rejects(failing.flush(), /no space left/);
  });
});

describe('RecentRecords', () => {
  test('returns the line kept, encoded with its line end; a hit in the older generation survives the next turn', () => {
    const recent = new RecentRecords(4 * 100); // two generations of 200 bytes
    const line = (n: number) => `${String(n).padStart(3, '0')}${'x'.repeat(96)}`; // 100 bytes with its \n
    const kept = (key: string) => recent.get(key)?.toString();
    assert.equal(recent.set('a', line(1)).toString(), `${line(1)}\n`);
    assert.equal(kept('a'), `${line(1)}\n`);
    recent.set('b', line(2)); // young full: a, b become the older generation
    recent.set('c', line(3));
    assert.equal(kept('a'), `${line(1)}\n`); // copied up into the younger (now full: c, a)
    recent.set('d', line(4)); // the older generation is now c, a: b was dropped
    assert.equal(kept('b'), undefined);
    assert.deepEqual(['c', 'd'].map(kept), [`${line(3)}\n`, `${line(4)}\n`]);
  });

  test('lines larger than a slab, and text in several scripts, come back byte for byte', () => {
    const recent = new RecentRecords(64 * 1024 * 1024);
    const big = 'ü'.repeat(600_000);
    assert.equal(recent.set('big', big).toString(), `${big}\n`);
    assert.equal(recent.set('s', 'Sevastopol / Севастополь / 塞瓦斯托波尔').toString(), 'Sevastopol / Севастополь / 塞瓦斯托波尔\n');
    assert.equal(recent.get('big')?.toString(), `${big}\n`);
  });
});
