/**
 * The usage outbox against faults injected at the store port (a log that fails like a full disk, or
 * answers late), its file across a process's death, its bound; and against a real PostgreSQL whose
 * connections are terminated (`pg_terminate_backend`) while usage records are being written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { usageData, type AuditEntry, type AuditLog } from '../../src/audit/index.js';
import { UsageOutbox } from '../../src/recorder/index.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { sampleSum } from '../helpers/metrics.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { freshSchema, postgresAvailable } from '../helpers/services.js';

function usage(ref: string): AuditEntry {
  const data = usageData({ requestId: ref, keyId: 'key_1', tenantId: 'ten_1', tenant: 'acme', country: 'DE', model: 'chat', provider: 'openai', upstreamModel: 'gpt-4o', status: 200, complete: true, usage: { inputTokens: 3, cachedInputTokens: 0, outputTokens: 2 }, costNanoUsd: 27_500 });
  return { kind: 'usage', at: Date.now(), ref, data };
}

/** A log that fails (like a full disk) while `failing` is set, and keeps what it committed. */
class FaultyLog implements AuditLog {
  failing = true;
  /** Milliseconds each append takes. */
  delayMs = 0;
  readonly committed: string[] = [];
  async append(entry: AuditEntry): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failing) throw new Error('SQLITE_FULL: database or disk is full');
    this.committed.push(entry.ref);
  }
}

/** The pid of a process that has exited: its outbox file belongs to nobody. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cordon-outbox-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the usage outbox (faults at the store port)', () => {
  test('a failed commit keeps the record (file and memory) and retries it until the store takes it; then the file is gone', async () => {
    const log = new FaultyLog();
    const box = new UsageOutbox({ audit: log, dir: join(dir, 'retry'), logger: silentLogger, retryMs: 60_000 });
    await box.write(usage('dec_a'));
    await box.write(usage('dec_b'));
    assert.equal(box.size, 2);
    assert.deepEqual(readdirSync(join(dir, 'retry')), [`${process.pid}.jsonl`]);
    await box.retryNow();
    assert.equal(box.size, 2, 'still failing: still waiting');
    log.failing = false;
    await box.retryNow();
    assert.deepEqual(log.committed.sort(), ['dec_a', 'dec_b']);
    assert.equal(box.size, 0);
    assert.deepEqual(readdirSync(join(dir, 'retry')), [], 'nothing waits: the file is removed');
    box.close();
  });

  test('/metrics shows how many usage records wait in the outbox, back to 0 once the store takes them', async () => {
    const log = new FaultyLog();
    const metrics = createMetrics({ defaultMetrics: false });
    const box = new UsageOutbox({ audit: log, dir: join(dir, 'gauge'), logger: silentLogger, metrics, retryMs: 60_000 });
    metrics.watchOutbox?.(() => box.size);
    const waiting = async () => sampleSum(await metrics.registry.metrics(), 'cordon_usage_outbox_records');
    assert.equal(await waiting(), 0);
    await box.write(usage('dec_g1'));
    await box.write(usage('dec_g2'));
    assert.equal(await waiting(), 2);
    log.failing = false;
    await box.retryNow();
    assert.equal(await waiting(), 0);
    box.close();
  });

  test('the retry timer runs by itself, with backoff, until the store recovers', async () => {
    const log = new FaultyLog();
    const box = new UsageOutbox({ audit: log, dir: null, logger: silentLogger, retryMs: 5 });
    await box.write(usage('dec_t'));
    setTimeout(() => (log.failing = false), 30);
    while (box.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(log.committed, ['dec_t']);
    box.close();
  });

  test('a process that dies with records waiting leaves them in its file; the next process appends them, once', async () => {
    const at = join(dir, 'recover');
    const log = new FaultyLog();
    const dying = new UsageOutbox({ audit: log, dir: at, logger: silentLogger, retryMs: 60_000, pid: deadPid() });
    for (const ref of ['dec_1', 'dec_2', 'dec_3']) await dying.write(usage(ref));
    log.failing = false;
    await dying.retryNow(); // dec_1..3 committed: the file says so…
    log.failing = true;
    await dying.write(usage('dec_4')); // …and this one waits when the process "dies"
    dying.close();

    const recorded = new Set(log.committed);
    const next = new UsageOutbox({ audit: log, dir: at, logger: silentLogger, retryMs: 60_000, isRecorded: async (ref) => recorded.has(ref) });
    log.failing = false;
    assert.equal(await next.recover(), 1);
    assert.deepEqual(log.committed, ['dec_1', 'dec_2', 'dec_3', 'dec_4']);
    assert.deepEqual(readdirSync(at), [], 'the dead process file is taken over and removed');
    next.close();
  });

  test('a retry does not append a record the log already has (its first commit did succeed)', async () => {
    const log = new FaultyLog();
    const box = new UsageOutbox({ audit: log, dir: null, logger: silentLogger, retryMs: 60_000, isRecorded: async (ref) => ref === 'dec_x' });
    await box.write(usage('dec_x'));
    log.failing = false;
    await box.retryNow();
    assert.deepEqual(log.committed, []);
    assert.equal(box.size, 0);
    box.close();
  });

  test('a disk that takes no file either: records wait in memory, and are still retried', async () => {
    const at = join(dir, 'readonly');
    const box = new UsageOutbox({ audit: new FaultyLog(), dir: at, logger: silentLogger, retryMs: 60_000 });
    chmodSync(dir, 0o500); // the outbox directory cannot be created
    try {
      await box.write(usage('dec_m'));
    } finally {
      chmodSync(dir, 0o700);
    }
    assert.equal(existsSync(at), process.getuid?.() === 0, 'no file (unless running as root, who writes anyway)');
    assert.equal(box.size, 1);
    box.close();
  });

  test('at most maxEntries wait; more are dropped and counted as failed usage records', async () => {
    const failures: string[] = [];
    const box = new UsageOutbox({ audit: new FaultyLog(), dir: null, logger: silentLogger, retryMs: 60_000, maxEntries: 2, metrics: { auditFailure: (r) => failures.push(r) } });
    for (const ref of ['dec_1', 'dec_2', 'dec_3']) await box.write(usage(ref));
    assert.equal(box.size, 2);
    assert.deepEqual(failures, ['usage']);
    box.close();
  });

  test('a commit slower than waitMs: the answer is released with the record in the outbox, and it is not appended twice', async () => {
    const log = new FaultyLog();
    log.failing = false;
    log.delayMs = 500;
    const box = new UsageOutbox({ audit: log, dir: join(dir, 'slow'), logger: silentLogger, waitMs: 5, retryMs: 1 });
    const started = performance.now();
    await box.write(usage('dec_s'));
    assert.ok(performance.now() - started < 450, 'released before the commit');
    assert.equal(box.size, 1, 'kept until its commit settles');
    while (box.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(log.committed, ['dec_s']);
    assert.equal(box.size, 0);
    box.close();
  });
});

describe('the usage outbox on PostgreSQL with terminated connections', async () => {
  const { skip } = await postgresAvailable();
  const schema = freshSchema();
  const app = `cordon-outbox-${process.pid}`;

  after(async () => {
    if (!skip) await schema.drop();
  });

  test('every usage record written while its connections are terminated is in the log exactly once', { skip: skip ?? false }, async () => {
    const store = await openPostgresStore({ url: `${schema.url}&application_name=${app}`, clock: { now: Date.now } });
    const admin = new pg.Client({ connectionString: schema.url });
    await admin.connect();
    const box = new UsageOutbox({
      audit: store.audit,
      isRecorded: async (ref) => (await store.audit.findByRef(ref)).some((r) => r.kind === 'usage'),
      dir: join(dir, 'pg'),
      logger: silentLogger,
      retryMs: 20,
    });
    try {
      // Rounds of 300 writes with the connections terminated under them, until a round has sent records
      // to the outbox (whether a termination lands mid-commit depends on timing; one round nearly always does).
      const refs: string[] = [];
      let kept = 0;
      for (let round = 0; round < 5 && kept === 0; round++) {
        const writes: Promise<void>[] = [];
        for (let i = 0; i < 300; i++) {
          const ref = `dec_pg_${round}_${i}`;
          refs.push(ref);
          writes.push(box.write(usage(ref)).then(() => void (kept = Math.max(kept, box.size))));
          if (i % 50 === 25) {
            // Only this test's own connections (its application name), never another test's.
            await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
          }
          if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all(writes);
        while (box.size > 0) await box.retryNow();
      }
      const counts = new Map<string, number>();
      for (const r of await store.audit.read({ fromSeq: 0, limit: 10_000 })) if (r.kind === 'usage') counts.set(r.ref, (counts.get(r.ref) ?? 0) + 1);
      for (const ref of refs) assert.equal(counts.get(ref), 1, `${ref}: one usage record`);
      assert.ok(kept > 0, 'some records went through the outbox (the connections were terminated under them)');
    } finally {
      box.close();
      await admin.end();
      await store.close();
    }
  });
});
