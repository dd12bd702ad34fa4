/** Group commit on SQLite: writes of one turn share a transaction; one that fails fails alone. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { SqliteGroupCommit } from '../../src/store/sqlite/group-commit.js';

function fixture() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const rows = () => (db.prepare('SELECT v FROM t ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);
  const batcher = new SqliteGroupCommit(db);
  return { db, insert, rows, batcher };
}

test('writes submitted in one turn commit together, in order, and each promise gets its value', async () => {
  const { insert, rows, batcher } = fixture();
  const results = await Promise.all(['a', 'b', 'c'].map((v) => batcher.submit(() => insert.run(v).lastInsertRowid)));
  assert.deepEqual(results, [1n, 2n, 3n].map(Number));
  assert.deepEqual(rows(), ['a', 'b', 'c']);
});

test('a write that throws after writing is rolled back alone; the others of its batch commit', async () => {
  const { insert, rows, batcher } = fixture();
  const outcomes = await Promise.allSettled([
    batcher.submit(() => insert.run('first')),
    batcher.submit(() => {
      insert.run('half-done');
      throw new Error('boom');
    }),
    batcher.submit(() => insert.run('third')),
  ]);
  assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /boom/);
  assert.deepEqual(rows(), ['first', 'third']);
});

test('a lazy write waits for the next batch', async () => {
  const { db, insert, rows } = fixture();
  // A linger far longer than the test: only the next batch can commit the lazy write.
  const batcher = new SqliteGroupCommit(db, { lingerMs: 3_600_000 });
  const lazy = batcher.submitLazy(() => insert.run('lazy'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(rows(), [], 'not committed at the next turn');
  await batcher.submit(() => insert.run('eager'));
  await lazy;
  assert.deepEqual(rows(), ['lazy', 'eager'], 'it joined the next batch, in order');
});

test('a lazy write commits on its own after the linger time when nothing comes', async () => {
  const { db, insert, rows } = fixture();
  const batcher = new SqliteGroupCommit(db, { lingerMs: 1 });
  await batcher.submitLazy(() => insert.run('alone'));
  assert.deepEqual(rows(), ['alone']);
});

test('writes after the database closed are refused, not lost silently', async () => {
  const { db, insert, batcher } = fixture();
  const pending = batcher.submit(() => insert.run('x'));
  db.close();
  await assert.rejects(pending, /closed/);
});

test('a batch that finds the database locked past its busy timeout fails whole, each write with that one error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-batcher-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = new Database(join(dir, 'busy.sqlite'), { timeout: 20 });
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  const other = new Database(join(dir, 'busy.sqlite'));
  other.exec('BEGIN IMMEDIATE');
  t.after(() => {
    other.close();
    db.close();
  });
  const batcher = new SqliteGroupCommit(db);
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((v) => batcher.submit(() => insert.run(v))));
  const reasons = outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status));
  assert.match(String(reasons[0]), /locked|busy/i);
  assert.ok(reasons.every((r) => r === reasons[0]), 'one error for all: the writes were not run again one by one');
});
