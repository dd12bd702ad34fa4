/**
 * `cordon audit verify` on a log that was tampered with, directly in the SQLite file: each kind of
 * change is found, at the record where it is, and named. Pruning writes a checkpoint the chain
 * continues from; anchors catch records cut from the end.
 */
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { canonicalBody, recordHash, type AuditEntry } from '../../src/audit/index.js';
import { evidenceHarness, type EvidenceHarness } from '../helpers/evidence-harness.js';

const T0 = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
let h: EvidenceHarness;
const harnesses: EvidenceHarness[] = [];
after(() => harnesses.forEach((x) => x.dispose()));

function entry(i: number): AuditEntry {
  return { kind: 'action', at: T0 + i * DAY, ref: `key_${i}`, data: { action: 'warn', note: `record ${i}`, score: i * 1.5 } };
}

/** Ten records, one a day from 2026-11-01 (seq 1 = 2026-11-01 … seq 10 = 2026-11-10). */
async function seed(harness: EvidenceHarness, n = 10): Promise<void> {
  const store = harness.open();
  for (let i = 0; i < n; i++) await store.audit.append(entry(i));
  await store.close();
}

function raw<T>(body: (db: Database.Database) => T): T {
  const db = new Database(h.dbPath);
  try {
    return body(db);
  } finally {
    db.close();
  }
}

interface VerifyJson {
  ok: boolean;
  checked: number;
  problems: { kind: string; seq: number; ref: string | null; message: string }[];
}

async function verify(): Promise<{ value: VerifyJson; exitCode: number }> {
  return h.json<VerifyJson>('audit', 'verify');
}

beforeEach(async () => {
  h = evidenceHarness({}, {}, Date.UTC(2026, 11, 15));
  harnesses.push(h);
  await seed(h);
});
afterEach(() => h.dispose());

describe('audit verify', () => {
  test('an untouched log verifies', async () => {
    const { value, exitCode } = await verify();
    assert.equal(exitCode, 0);
    assert.equal(value.ok, true);
    assert.equal(value.checked, 10);
    assert.match((await h.run('audit', 'verify')).out, /^OK: 10 record\(s\) checked from the first record to record 10; head [0-9a-f]{64}\n$/);
  });

  test('a changed record is found where it is', async () => {
    raw((db) => db.prepare(`UPDATE audit_log SET data = replace(data, '"record 4"', '"record four"') WHERE seq = 5`).run());
    const { value, exitCode } = await verify();
    assert.equal(exitCode, 1);
    assert.deepEqual(value.problems.map((p) => [p.kind, p.seq, p.ref]), [['changed', 5, 'key_4']]);
    const text = await h.run('audit', 'verify');
    assert.match(text.out, /^FAILED: /);
    assert.match(text.out, /record 5: changed — record 5 \(action key_4\) was changed/);
  });

  test('a changed record whose hash was recomputed breaks the next link', async () => {
    raw((db) => {
      const r = db.prepare<[], { at: number; kind: 'action'; ref: string; prev_hash: string }>('SELECT at, kind, ref, prev_hash FROM audit_log WHERE seq = 5').get();
      assert.ok(r);
      const data = { action: 'warn', note: 'rewritten', score: 6 };
      const hash = recordHash(r.prev_hash, canonicalBody({ kind: r.kind, at: r.at, ref: r.ref, data }));
      db.prepare('UPDATE audit_log SET data = ?, hash = ? WHERE seq = 5').run(JSON.stringify(data), hash);
    });
    const { value } = await verify();
    assert.deepEqual(value.problems.map((p) => [p.kind, p.seq]), [['broken_link', 6]]);
  });

  test('a removed record is named as missing', async () => {
    raw((db) => db.prepare('DELETE FROM audit_log WHERE seq = 5').run());
    const { value, exitCode } = await verify();
    assert.equal(exitCode, 1);
    assert.deepEqual(value.problems.map((p) => [p.kind, p.seq]), [['missing', 5]]);
    assert.match(value.problems[0]?.message ?? '', /record 5 is missing: record 6/);
  });

  test('a removed record with the rest renumbered breaks the link at its place', async () => {
    raw((db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
      db.prepare('UPDATE audit_log SET seq = -seq WHERE seq > 5').run();
      db.prepare('UPDATE audit_log SET seq = -seq - 1 WHERE seq < 0').run();
    });
    const { value } = await verify();
    assert.deepEqual(value.problems.map((p) => [p.kind, p.seq]), [['broken_link', 5]]);
  });

  test('an inserted record, even with a correct hash of its own, is named', async () => {
    raw((db) => {
      const before = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log WHERE seq = 4').get();
      assert.ok(before);
      db.prepare('UPDATE audit_log SET seq = -seq WHERE seq >= 5').run();
      db.prepare('UPDATE audit_log SET seq = -seq + 1 WHERE seq < 0').run();
      const forged: AuditEntry = { kind: 'action', at: T0 + 4 * DAY - 1, ref: 'key_forged', data: { action: 'reinstate', note: 'forged' } };
      const hash = recordHash(before.hash, canonicalBody(forged));
      db.prepare('INSERT INTO audit_log (seq, at, kind, ref, data, prev_hash, hash) VALUES (5, ?, ?, ?, ?, ?, ?)').run(forged.at, forged.kind, forged.ref, JSON.stringify(forged.data), before.hash, hash);
    });
    const { value, exitCode } = await verify();
    assert.equal(exitCode, 1);
    assert.deepEqual(value.problems.map((p) => [p.kind, p.seq]), [['inserted', 5]]);
    assert.match(value.problems[0]?.message ?? '', /record 5 was inserted: record 6 \(action key_4\) links to record 4/);
  });

  test('two reordered records are named', async () => {
    raw((db) => {
      db.prepare('UPDATE audit_log SET seq = 0 WHERE seq = 5').run();
      db.prepare('UPDATE audit_log SET seq = 5 WHERE seq = 6').run();
      db.prepare('UPDATE audit_log SET seq = 6 WHERE seq = 0').run();
    });
    const { value } = await verify();
    assert.deepEqual(value.problems.map((p) => [p.kind, p.seq, p.ref]), [['reordered', 5, 'key_5']]);
    assert.match(value.problems[0]?.message ?? '', /record 5 \(action key_5\) is out of order: it links to record 6/);
  });
});

describe('audit prune and anchors', () => {
  test('prune keeps the chain verifiable from a signed checkpoint', async () => {
    const k = evidenceHarness({ audit: { checkpoint_key: 'env:AUDIT_KEY' } }, { AUDIT_KEY: 'k3y' }, Date.UTC(2026, 11, 15));
    harnesses.push(k);
    const previous = h;
    h = k;
    try {
      await seed(k);
      const pruned = await k.json<{ pruned: number; checkpoint: { seq: number; signature: string | null } }>('audit', 'prune', '--before', '2026-11-05');
      assert.equal(pruned.value.pruned, 4);
      assert.equal(pruned.value.checkpoint.seq, 4);
      assert.match(pruned.value.checkpoint.signature ?? '', /^[0-9a-f]{64}$/);
      const ok = await verify();
      assert.equal(ok.value.ok, true, JSON.stringify(ok.value));
      assert.equal(ok.value.checked, 7, 'records 5–10 and the prune record');
      // A checkpoint moved by someone without the key no longer verifies.
      raw((db) => db.prepare("UPDATE audit_checkpoints SET hash = ? WHERE kind = 'prune'").run('e'.repeat(64)));
      const bad = await k.json<VerifyJson & { checkpoints: { signature_status: string }[] }>('audit', 'verify');
      assert.equal(bad.exitCode, 1);
      assert.deepEqual(bad.value.problems.map((p) => [p.kind, p.seq]), [['broken_link', 5]]);
      assert.deepEqual(bad.value.checkpoints.map((c) => c.signature_status), ['invalid']);
    } finally {
      h = previous;
    }
  });

  test('an anchor catches records cut from the end', async () => {
    await h.run('audit', 'anchor');
    raw((db) => db.prepare('DELETE FROM audit_log WHERE seq >= 9').run());
    const { value } = await verify();
    assert.deepEqual(value.problems.map((p) => [p.kind, p.seq]), [['truncated', 10]]);
  });

  test('export writes JSON Lines that verify on their own', async () => {
    const exported = await h.run('audit', 'export', '--from', '2026-11-03', '--to', '2026-11-06');
    const lines = exported.out.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; time: string; prev_hash: string });
    assert.deepEqual(lines.map((l) => l.seq), [3, 4, 5]);
    assert.equal(lines[0]?.time, '2026-11-03T00:00:00.000Z');
    const file = `${h.dir}/export.jsonl`;
    await h.run('audit', 'export', '--out', file);
    const fromFile = await h.json<VerifyJson>('audit', 'verify', '--file', file);
    assert.equal(fromFile.value.ok, true);
    assert.equal(fromFile.value.checked, 10);
  });

  test('show prints the records about one reference', async () => {
    const shown = await h.run('audit', 'show', 'key_4');
    const record = JSON.parse(shown.out) as { seq: number; kind: string; ref: string; data: unknown };
    assert.deepEqual([record.seq, record.kind, record.ref, record.data], [5, 'action', 'key_4', { action: 'warn', note: 'record 4', score: 6 }]);
    assert.equal((await h.run('audit', 'show', 'dec_nothing')).exitCode, 1);
  });
});
