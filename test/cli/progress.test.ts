/** The progress line: drawn in place on a terminal, at most ten times a second; nothing when not a terminal. */
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { progressLine, statusLine, withStatus } from '../../src/cli/progress.js';

class Sink extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _e: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

test('on a terminal: one redrawn line, throttled, cleared at the end', () => {
  const tty = new Sink(true);
  let now = 0;
  const p = progressLine(tty, 'simulating', () => now);
  p.update(1000, 1_000_000);
  now = 50;
  p.update(2000, 1_000_000); // within 100 ms: skipped
  now = 150;
  p.update(500_000, 1_000_000);
  p.update(1_000_000, 1_000_000); // the last one always shows
  p.done();
  assert.equal(
    tty.text,
    '\r\u001b[Ksimulating  1,000 / 1,000,000 (0 %)' + '\r\u001b[Ksimulating  500,000 / 1,000,000 (50 %)' + '\r\u001b[Ksimulating  1,000,000 / 1,000,000 (100 %)' + '\r\u001b[K',
  );
});

test('not a terminal: nothing at all', () => {
  const pipe = new Sink(false);
  const p = progressLine(pipe, 'simulating');
  p.update(1, 2);
  p.done();
  assert.equal(pipe.text, '');
});

test('a status line shows on a terminal only when the step outlasts its delay, and is cleared', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const quick = new Sink(true);
    const q = statusLine(quick, 'opening', 300);
    mock.timers.tick(299);
    q.done();
    assert.equal(quick.text, '', 'a quick step leaves nothing');

    const slow = new Sink(true);
    const s = statusLine(slow, 'opening', 300);
    mock.timers.tick(300);
    assert.equal(slow.text, '\r\u001b[Kopening');
    s.done();
    assert.equal(slow.text, '\r\u001b[Kopening\r\u001b[K');

    const pipe = new Sink(false);
    statusLine(pipe, 'opening', 0);
    mock.timers.tick(10);
    assert.equal(pipe.text, '', 'never on a pipe');

    const around = new Sink(true);
    const result = withStatus(around, 'working', async () => {
      mock.timers.tick(1000);
      return 42;
    });
    assert.equal(await result, 42);
    assert.equal(around.text, '\r\u001b[Kworking\r\u001b[K', 'withStatus clears it when the step ends');
  } finally {
    mock.timers.reset();
  }
});
