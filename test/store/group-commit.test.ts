/**
 * The one group-commit engine (src/store/shared/group-commit.ts), against a backend kept in memory:
 * its batching, and its failure rule — a failed batch runs its writes again one by one, unless the
 * store itself failed; a closed store refuses writes. Each case runs with a synchronous commit (as
 * SQLite's) and an asynchronous one (as PostgreSQL's).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit, type BatchCommitter } from '../../src/store/shared/group-commit.js';

/** A write: a value to store, or the error its commit throws. */
type Write = string | { readonly fail: Error };

class StoreDown extends Error {}

function memoryBackend(mode: 'sync' | 'async') {
  const committed: string[] = [];
  const batches: string[][] = [];
  let open = true;
  let pause: Promise<void> | null = null;
  const run = (batch: readonly Write[]): string[] => {
    batches.push(batch.map((w) => (typeof w === 'string' ? w : '!')));
    for (const w of batch) if (typeof w !== 'string') throw w.fail;
    committed.push(...(batch as string[]));
    return batch.map((w) => `ok:${String(w)}`);
  };
  const backend: BatchCommitter<Write, string> = {
    commit: (batch) => {
      if (mode === 'sync') return run(batch);
      const held = pause;
      return (async () => {
        await held;
        await new Promise((resolve) => setImmediate(resolve));
        return run(batch);
      })();
    },
    isOpen: () => open,
    isStoreFailure: (error) => error instanceof StoreDown,
  };
  return {
    backend,
    committed,
    batches,
    close: () => {
      open = false;
    },
    /** Holds the next commits until the returned function is called. */
    hold: () => {
      let release = (): void => {};
      pause = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        pause = null;
        release();
      };
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

for (const mode of ['sync', 'async'] as const) {
  describe(`group commit (${mode} commit)`, () => {
    test('writes of one turn go in one batch, in order; each promise gets its own result', async () => {
      const m = memoryBackend(mode);
      const g = new GroupCommit(m.backend);
      assert.deepEqual(await Promise.all(['a', 'b', 'c'].map((w) => g.submit(w))), ['ok:a', 'ok:b', 'ok:c']);
      assert.deepEqual(m.batches, [['a', 'b', 'c']]);
    });

    test('a write that fails fails alone: the batch is run again one write at a time', async () => {
      const m = memoryBackend(mode);
      const g = new GroupCommit(m.backend);
      const outcomes = await Promise.allSettled([g.submit('a'), g.submit({ fail: new Error('boom') }), g.submit('c')]);
      assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /boom/);
      assert.deepEqual(m.committed, ['a', 'c']);
      assert.deepEqual(m.batches, [['a', '!', 'c'], ['a'], ['!'], ['c']]);
    });

    test('when the store itself fails, every write of the batch fails with that error, none run again', async () => {
      const m = memoryBackend(mode);
      const g = new GroupCommit(m.backend);
      const down = new StoreDown('unreachable');
      const outcomes = await Promise.allSettled([g.submit('a'), g.submit({ fail: down }), g.submit('c')]);
      assert.deepEqual(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status)), [down, down, down]);
      assert.deepEqual(m.batches, [['a', '!', 'c']], 'one attempt');
    });

    test('a closed store refuses queued writes without trying them', async () => {
      const m = memoryBackend(mode);
      const g = new GroupCommit(m.backend);
      const pending = g.submit('a');
      m.close();
      await assert.rejects(pending, /the store is closed/);
      assert.deepEqual(m.batches, []);
    });

    test('a lazy write joins the next batch, or commits alone after the linger time', async () => {
      const m = memoryBackend(mode);
      const waiting = new GroupCommit(m.backend, { lingerMs: 3_600_000 });
      const lazy = waiting.submitLazy('lazy');
      await turn();
      assert.deepEqual(m.batches, [], 'no batch of its own at the next turn');
      await waiting.submit('eager');
      assert.equal(await lazy, 'ok:lazy');
      assert.deepEqual(m.batches, [['lazy', 'eager']]);

      const alone = new GroupCommit(m.backend, { lingerMs: 1 });
      assert.equal(await alone.submitLazy('alone'), 'ok:alone');
    });

    test('flush commits what is queued now, lazy writes too', async () => {
      const m = memoryBackend(mode);
      const g = new GroupCommit(m.backend, { lingerMs: 3_600_000 });
      const lazy = g.submitLazy('lazy');
      const eager = g.submit('eager');
      await g.flush();
      assert.deepEqual(m.committed, ['lazy', 'eager']);
      assert.deepEqual(await Promise.all([lazy, eager]), ['ok:lazy', 'ok:eager']);
    });

    test('at most maxBatch writes go in one transaction', async () => {
      const m = memoryBackend(mode);
      const g = new GroupCommit(m.backend, { maxBatch: 2 });
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map((w) => g.submit(w)));
      assert.deepEqual(m.batches, [['a', 'b'], ['c', 'd'], ['e']]);
    });
  });
}

test('writes that arrive while a batch is being committed wait, and go together in the next one', async () => {
  const m = memoryBackend('async');
  const g = new GroupCommit(m.backend);
  const release = m.hold();
  const first = g.submit('first');
  await turn(); // the first batch has started and waits on the held commit
  const later = ['b', 'c', 'd'].map((w) => g.submit(w));
  release();
  await Promise.all([first, ...later]);
  assert.deepEqual(m.batches, [['first'], ['b', 'c', 'd']]);
});
