/**
 * The SQLite audit journal (ADR 0015): appends are lines in a file of the writer's own, sealed into the
 * chained log by whichever process catches up first, exactly once; what a killed process left is sealed
 * by the next one; a torn or foreign line never becomes a record and never stops the others.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalBody, canonicalize, decisionData, EMPTY_HEAD, verifyRecords, type AuditEntry } from '../../src/audit/index.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { AuditJournal, type JournalLine } from '../../src/store/sqlite/audit-journal.js';
import { auditJournalDirectory } from '../../src/store/sqlite/index.js';
import { openDatabase } from '../../src/store/sqlite/open-database.js';
import { manualClock } from './fixtures/fakes.js';
import { startGateway } from '../helpers/gateway-fixture.js';
import { sampleSum, scrape } from '../helpers/metrics.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-journal-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(root, `case-${++n}`, 'cordon.db');
const T0 = Date.UTC(2026, 11, 1);

function entry(i: number): AuditEntry {
  return { kind: 'action', at: T0 + i, ref: `key_${i}`, data: { action: 'warn', n: i, note: `line ${i} "quoted" \n newline` } };
}

function decisionEntry(i: number): AuditEntry {
  const id = `dec_${String(i).padStart(12, '0')}${'0'.repeat(20)}`;
  return {
    kind: 'decision',
    at: T0 + i,
    ref: id,
    data: decisionData({
      requestId: id,
      endpoint: '/chat/completions',
      model: 'chat',
      stream: false,
      origin: { ip: '10.0.0.0/24', source: 'socket', country: 'DE', subdivisions: [], asn: 64500, anonymizer: [], unknown: null, carrier: null },
      keyId: 'key_a',
      tenantId: 'ten_a',
      tenant: 'acme',
      registeredCountry: 'DE',
      policyHash: 'p'.repeat(64),
      outcome: 'routed',
      code: null,
      provider: 'openai',
      upstreamModel: 'gpt-4o-mini',
      decisions: [{ provider: 'openai', effect: 'allow', layer: 'operator', rule: 'operator.default', matched: null }],
      attestation: null,
    }),
  };
}

function line(i: number): string {
  const e = entry(i);
  return `${canonicalBody(e, canonicalize(e.data))}\n`;
}

/** audit_log as the file holds it, read without the store (so nothing is sealed by the read). */
function rawLog(path: string): { seq: number; ref: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { seq: number; ref: string }>('SELECT seq, ref FROM audit_log ORDER BY seq').all();
  } finally {
    db.close();
  }
}

function databaseId(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], string>('SELECT id FROM audit_journal_database').pluck().get() as string;
  } finally {
    db.close();
  }
}

function journalFiles(path: string): string[] {
  const dir = auditJournalDirectory(path);
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function verified(store: SqliteStore): Promise<number> {
  const records = await store.audit.read({ limit: 100_000 });
  const report = verifyRecords(records, EMPTY_HEAD);
  assert.equal(report.ok, true, JSON.stringify(report.problems));
  return records.length;
}

describe('sqlite audit journal: through the store', () => {
  const clock = manualClock(T0);

  test('an append is a journal line, not a SQLite write; the first read seals it into the chain', async () => {
    const path = freshPath();
    // The background catch-up held off, so what the append alone did can be looked at.
    const store = openSqliteStore({ path, clock, auditJournal: true, catchUpDelayMs: 60_000 });
    try {
      await store.audit.appendMany([entry(1), entry(2)]);
      await store.audit.append(entry(3));
      assert.deepEqual(rawLog(path), [], 'nothing committed to audit_log on the append path');
      const [file] = journalFiles(path);
      assert.match(file ?? '', new RegExp(`^${databaseId(path)}-\\d+-[0-9a-f]{16}\\.jsonl$`));
      assert.equal(readFileSync(join(auditJournalDirectory(path), file as string), 'utf8'), line(1) + line(2) + line(3));
      assert.equal(store.unsealedAuditBytes?.(), Buffer.byteLength(line(1) + line(2) + line(3)), 'what waits to be sealed, for the gauge');
      assert.deepEqual((await store.audit.summary()).records, 3);
      assert.equal(store.unsealedAuditBytes?.(), 0);
      assert.deepEqual(
        rawLog(path).map((r) => r.ref),
        ['key_1', 'key_2', 'key_3'],
      );
      assert.equal(await verified(store), 3);
      const records = await store.audit.findByRef('key_2');
      assert.deepEqual(records[0]?.data, entry(2).data, 'the data read back is the data appended, newline and quotes included');
    } finally {
      await store.close();
    }
    assert.deepEqual(journalFiles(path), [], 'a closed writer leaves no journal file');
  });

  test('with no reader at all, journal lines are sealed and projected in the background, chunk after chunk', async () => {
    const path = freshPath();
    // A second's delay, so the check right after the appends comes well before the background starts.
    const store = openSqliteStore({ path, clock, auditJournal: true, catchUpDelayMs: 1000 });
    const count = (table: string): number => {
      const db = new Database(path, { readonly: true });
      try {
        return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    try {
      const decisions = Array.from({ length: 250 }, (_, i) => decisionEntry(i));
      await store.audit.appendMany(decisions.slice(0, 100));
      await Promise.all(decisions.slice(100).map((d) => store.audit.append(d)));
      assert.equal(count('audit_log'), 0);
      const deadline = Date.now() + 10_000;
      while (count('decision_facts') < 250 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(count('audit_log'), 250);
      assert.equal(count('decision_facts'), 250, 'projected from the sealed records');
      assert.equal(await verified(store), 250);
    } finally {
      await store.close();
    }
  });

  test('another process (a store without a journal of its own) sees the acknowledged records, each once', async () => {
    const path = freshPath();
    const gateway = openSqliteStore({ path, clock, auditJournal: true });
    const cli = openSqliteStore({ path, clock });
    try {
      await gateway.audit.appendMany([entry(1), entry(2)]);
      assert.equal((await cli.audit.summary()).records, 2, 'the CLI sealed the gateway journal before reading');
      await gateway.audit.append(entry(3));
      assert.equal((await gateway.audit.summary()).records, 3);
      assert.equal((await cli.audit.summary()).records, 3);
      assert.equal(await verified(cli), 3);
      // A record the CLI appends itself (without a journal) lands in the same chain.
      await cli.audit.append(entry(4));
      await gateway.audit.append(entry(5));
      assert.deepEqual(
        (await gateway.audit.read({ limit: 10 })).map((r) => r.ref),
        ['key_1', 'key_2', 'key_3', 'key_4', 'key_5'],
      );
      assert.equal(await verified(gateway), 5);
    } finally {
      await cli.close();
      await gateway.close();
    }
  });

  test('closing seals what the writer wrote, even to a file removed from under it', async () => {
    const path = freshPath();
    const store = openSqliteStore({ path, clock, auditJournal: true });
    await store.audit.append(entry(1));
    for (const f of journalFiles(path)) unlinkSync(join(auditJournalDirectory(path), f));
    await store.audit.append(entry(2));
    await store.close();
    assert.deepEqual(
      rawLog(path).map((r) => r.ref),
      ['key_1', 'key_2'],
    );
    const again = openSqliteStore({ path, clock });
    try {
      assert.equal(await verified(again), 2);
    } finally {
      await again.close();
    }
  });

  test('a journal a killed writer left is sealed by the next store, once, and removed once sealed and stale', async () => {
    const path = freshPath();
    openSqliteStore({ path, clock }).close();
    mkdirSync(auditJournalDirectory(path), { recursive: true });
    const abandoned = join(auditJournalDirectory(path), `${databaseId(path)}-99999-00000000000000aa.jsonl`);
    writeFileSync(abandoned, line(1) + line(2) + line(3));
    const old = (Date.now() - 3_600_000) / 1000;
    utimesSync(abandoned, old, old);
    const next = openSqliteStore({ path, clock, auditJournal: true });
    try {
      assert.ok(existsSync(abandoned), 'not sealed yet: kept at start');
      assert.equal(await verified(next), 3, 'every acknowledged record of the killed writer is in the log');
      await next.audit.append(entry(4));
      assert.equal(await verified(next), 4, 'each sealed once');
    } finally {
      await next.close();
    }
    const third = openSqliteStore({ path, clock, auditJournal: true });
    try {
      assert.equal(existsSync(abandoned), false, 'sealed and stale: removed when a writer starts');
      assert.equal(await verified(third), 4);
    } finally {
      await third.close();
    }
  });
});

describe('sqlite audit journal: the journal itself', () => {
  function setUp(options: { write?: boolean; rotateBytes?: number } = {}) {
    const path = freshPath();
    const db = openDatabase({ path, busyTimeoutMs: 1000, now: () => T0 });
    const problems: string[] = [];
    const journal = new AuditJournal(db, {
      dir: auditJournalDirectory(path),
      write: options.write ?? true,
      synchronous: 'normal',
      now: () => Date.now(),
      onProblem: (message) => problems.push(message),
      rotateBytes: options.rotateBytes,
    });
    const sealed: JournalLine[] = [];
    const take = (limit = 100): number => db.transaction(() => journal.take(limit, (lines) => sealed.push(...lines))).immediate();
    const offsets = (): Record<string, number> => Object.fromEntries(db.prepare<[], { file: string; offset: number }>('SELECT file, offset FROM audit_journal').all().map((r) => [r.file, r.offset]));
    const id = db.prepare<[], string>('SELECT id FROM audit_journal_database').pluck().get() as string;
    return { path, db, journal, problems, sealed, take, offsets, id, dir: auditJournalDirectory(path) };
  }

  test('lines are taken in order, in chunks, each once', async () => {
    const j = setUp();
    await Promise.all([1, 2, 3, 4, 5].map((i) => j.journal.append(line(i), false)));
    assert.equal(j.take(2), 2);
    assert.equal(j.take(2), 2);
    assert.equal(j.take(2), 1);
    assert.equal(j.take(2), 0);
    assert.deepEqual(
      j.sealed.map((l) => l.entry.ref),
      ['key_1', 'key_2', 'key_3', 'key_4', 'key_5'],
    );
    assert.equal(j.sealed[0]?.dataJson, canonicalize(entry(1).data));
    const [file] = readdirSync(j.dir);
    assert.deepEqual(j.offsets(), { [file as string]: [1, 2, 3, 4, 5].map((i) => Buffer.byteLength(line(i))).reduce((a, b) => a + b) });
    await j.journal.close(() => undefined);
    j.db.close();
  });

  test('a line longer than one read is read whole', async () => {
    const j = setUp();
    const big: AuditEntry = { kind: 'action', at: T0, ref: 'key_big', data: { note: 'x'.repeat(200_000) } };
    await j.journal.append(`${canonicalBody(big, canonicalize(big.data))}\n${line(2)}`, false);
    assert.equal(j.take(1), 1);
    assert.equal(j.take(1), 1);
    assert.deepEqual(
      j.sealed.map((l) => [l.entry.ref, l.dataJson.length]),
      [
        ['key_big', canonicalize(big.data).length],
        ['key_2', canonicalize(entry(2).data).length],
      ],
    );
    await j.journal.close(() => undefined);
    j.db.close();
  });

  test('a rolled-back seal seals nothing: the same lines come again', async () => {
    const j = setUp();
    await j.journal.append(line(1) + line(2), false);
    assert.throws(() =>
      j.db
        .transaction(() => {
          j.journal.take(10, () => undefined);
          throw new Error('the insert failed');
        })
        .immediate(),
    );
    assert.equal(j.take(), 2);
    assert.deepEqual(
      j.sealed.map((l) => l.entry.ref),
      ['key_1', 'key_2'],
    );
    j.db.close();
  });

  test('a line that is not a record is skipped and reported; a partial last line waits, and is dropped once its file is stale', () => {
    const j = setUp({ write: false });
    mkdirSync(j.dir, { recursive: true });
    const file = join(j.dir, `${j.id}-4242-00000000000000ff.jsonl`);
    writeFileSync(file, line(1) + '{"at":1,"data":{},"kind":"action","ref":"edited","v":1} \n' + line(2) + line(3).slice(0, 20));
    assert.equal(j.take(), 3);
    assert.deepEqual(
      j.sealed.map((l) => l.entry.ref),
      ['key_1', 'key_2'],
    );
    assert.equal(j.problems.length, 1);
    assert.match(j.problems[0] ?? '', /not a record/);
    assert.equal(j.take(), 0, 'the partial line of a live writer waits for its newline');
    appendFileSync(file, line(3).slice(20));
    assert.equal(j.take(), 1, 'and is sealed once whole');
    appendFileSync(file, line(4).slice(0, 10));
    const old = (Date.now() - 3_600_000) / 1000;
    utimesSync(file, old, old);
    assert.equal(j.take(), 0, 'a torn tail is no record');
    assert.match(j.problems.at(-1) ?? '', /partial line/);
    assert.deepEqual(j.offsets(), { [`${j.id}-4242-00000000000000ff.jsonl`]: Buffer.byteLength(readFileSync(file)) });
    j.journal.tidy();
    assert.equal(existsSync(file), false, 'a sealed, stale journal is removed');
    assert.deepEqual(j.offsets(), {});
    j.db.close();
  });

  test("another database's journals (a database deleted and created again beside them) are neither sealed nor removed", () => {
    const j = setUp({ write: false });
    mkdirSync(j.dir, { recursive: true });
    const foreign = join(j.dir, '0123456789abcdef-7-0000000000000007.jsonl');
    writeFileSync(foreign, line(1));
    const old = (Date.now() - 3_600_000) / 1000;
    utimesSync(foreign, old, old);
    assert.equal(j.take(), 0);
    j.journal.tidy();
    assert.ok(existsSync(foreign));
    assert.deepEqual(j.sealed, []);
    assert.match(j.problems.join(' '), /another database/);
    j.db.close();
  });

  test('tidy leaves a stale journal that is not sealed yet, and a fresh one that is', () => {
    const j = setUp({ write: false });
    mkdirSync(j.dir, { recursive: true });
    const unsealed = join(j.dir, `${j.id}-1-0000000000000001.jsonl`);
    const fresh = join(j.dir, `${j.id}-2-0000000000000002.jsonl`);
    writeFileSync(unsealed, line(1));
    writeFileSync(fresh, line(2));
    const old = (Date.now() - 3_600_000) / 1000;
    utimesSync(unsealed, old, old);
    j.journal.tidy();
    assert.ok(existsSync(unsealed) && existsSync(fresh));
    j.take();
    utimesSync(unsealed, old, old);
    j.journal.tidy();
    assert.equal(existsSync(unsealed), false);
    assert.ok(existsSync(fresh), 'its writer may be alive');
    j.db.close();
  });

  test('a writer starts a new file once its file is sealed and large, and removes the old one', async () => {
    const j = setUp({ rotateBytes: 1 });
    await j.journal.append(line(1), false);
    const [first] = readdirSync(j.dir);
    j.journal.tidy();
    assert.deepEqual(readdirSync(j.dir), [first], 'not sealed yet: kept');
    j.take();
    j.journal.tidy();
    assert.deepEqual(readdirSync(j.dir), [], 'sealed: removed');
    await j.journal.append(line(2), false);
    const [second] = readdirSync(j.dir);
    assert.notEqual(second, first);
    assert.equal(j.take(), 1);
    assert.deepEqual(
      j.sealed.map((l) => l.entry.ref),
      ['key_1', 'key_2'],
    );
    await j.journal.close(() => j.take(1000));
    assert.deepEqual(readdirSync(j.dir), []);
    assert.deepEqual(j.offsets(), {});
    j.db.close();
  });

  test('a writer whose file was removed from under it still seals what it wrote there, then moves to a new file', async () => {
    const j = setUp();
    await j.journal.append(line(1), false);
    const [first] = readdirSync(j.dir);
    unlinkSync(join(j.dir, first as string));
    await j.journal.append(line(2), false);
    assert.equal(j.take(), 2, 'read through the open file');
    j.journal.tidy();
    await j.journal.append(line(3), false);
    assert.equal(readdirSync(j.dir).length, 1);
    assert.notEqual(readdirSync(j.dir)[0], first);
    assert.equal(j.take(), 1);
    assert.deepEqual(
      j.sealed.map((l) => l.entry.ref),
      ['key_1', 'key_2', 'key_3'],
    );
    await j.journal.close(() => j.take(1000));
    j.db.close();
  });

  test("a reader finds another process's journal started after the background steps last listed the directory", async () => {
    const j = setUp();
    await j.journal.append(line(1), false);
    assert.equal(j.take(), 1, 'a background step: lists the directory, no other journal yet');
    writeFileSync(join(j.dir, `${j.id}-4242-00000000000000cc.jsonl`), line(2));
    await j.journal.flush(); // what every read does first
    assert.equal(j.take(), 1);
    assert.deepEqual(
      j.sealed.map((l) => l.entry.ref),
      ['key_1', 'key_2'],
    );
    await j.journal.close(() => undefined);
    j.db.close();
  });

  test('an append after close is refused', async () => {
    const j = setUp();
    await j.journal.close(() => undefined);
    await assert.rejects(j.journal.append(line(1), false), /closed/);
    j.db.close();
  });
});

describe('sqlite audit journal: in the gateway', () => {
  test('the default install writes through the journal; /metrics shows what waits to be sealed; audit.journal: false commits instead', async () => {
    for (const journal of [true, false]) {
      const gw = await startGateway({ audit: { journal }, providers: { openai: { simulated: true } }, models: { chat: { deployments: [{ provider: 'openai', model: 'gpt-4o-mini' }] } } });
      try {
        const key = await gw.createKey();
        const res = await fetch(`${gw.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] }),
        });
        assert.equal(res.status, 200);
        await res.arrayBuffer();
        const path = join(gw.dir, 'cordon.sqlite');
        const journaled = journalFiles(path).map((f) => readFileSync(join(auditJournalDirectory(path), f), 'utf8')).join('');
        const metrics = await scrape(gw.url);
        if (journal) {
          assert.deepEqual(
            journaled.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { kind: string }).kind),
            ['decision', 'usage'],
            'the records went to the journal',
          );
          assert.ok(metrics.includes('cordon_audit_journal_unsealed_bytes '), 'the gauge is there');
        } else {
          assert.equal(journaled, '', 'no journal');
          assert.equal(rawLog(path).length, 2, 'the decision and usage records committed on the request path');
          assert.equal(sampleSum(metrics, 'cordon_audit_journal_unsealed_bytes'), 0, 'nothing waits');
        }
        assert.equal((await gw.app.store.audit.summary()).records, 2);
        if (journal) assert.equal(sampleSum(await scrape(gw.url), 'cordon_audit_journal_unsealed_bytes'), 0);
      } finally {
        await gw.close();
      }
    }
  });
});
