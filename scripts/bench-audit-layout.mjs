// What the shape of the audit table costs an append (docs/benchmarks.md, "Issue 17: what was tried").
// A bare better-sqlite3 loop, no Cordon code: the audit_log table as migration 0003 makes it, a realistic
// decision record (~900 bytes of canonical JSON), SHA-256 chaining, WAL with synchronous=NORMAL, one
// BEGIN IMMEDIATE … COMMIT per batch of 1 or 16 records (what group commit does at c=1 and under load).
// Variants: the table as it is; wal_autocheckpoint raised tenfold; the chain head cached (PRAGMA
// data_version instead of the head read); no secondary index (the log-structured shape: rows appended
// at the right edge of the rowid tree only); the last two together with the larger checkpoint.
// Reports CPU time (user + system, and system alone) and wall time per record.
// Usage: node scripts/bench-audit-layout.mjs [records per cell=20000]
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import Database from 'better-sqlite3';

const N = Number(process.argv[2] ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'cordon-audit-layout-'));
const data = JSON.stringify({
  decisions: ['anthropic', 'deepseek', 'gemini', 'openai'].map((provider) => ({ effect: 'allow', layer: 'operator', matched: null, provider, rule: 'operator.default' })),
  endpoint: '/chat/completions', key_id: 'key_0123456789abcdef0123', model: 'chat',
  origin: { anonymizer: [], asn: 6724, country: 'DE', ip: '85.214.132.0/24', source: 'forwarded', subdivisions: ['DE-BE'], unknown: null },
  outcome: 'routed', policy_hash: 'c'.repeat(64), provider: 'openai', registered_country: 'DE', request_id: 'dec_0', stream: true,
  tenant: 'acme', tenant_id: 'ten_0123456789abcdef0123', upstream_model: 'gpt-4o-mini',
});
const GENESIS = { seq: 0, hash: '0'.repeat(64) };
let cells = 0;

function cell(label, { indexes = true, checkpoint = 1000, headRead = true }, batch) {
  const db = new Database(join(dir, `${++cells}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`wal_autocheckpoint = ${checkpoint}`);
  db.exec(`CREATE TABLE audit_log (seq INTEGER NOT NULL PRIMARY KEY, at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('decision', 'usage', 'action', 'policy_change', 'audit')), ref TEXT NOT NULL, data TEXT NOT NULL,
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64), hash TEXT NOT NULL CHECK (length(hash) = 64)) STRICT;
    ${indexes ? 'CREATE INDEX audit_log_at ON audit_log (at); CREATE INDEX audit_log_ref ON audit_log (ref);' : ''}`);
  const insert = db.prepare('INSERT INTO audit_log VALUES (@seq, @at, @kind, @ref, @data, @prev_hash, @hash)');
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const version = db.prepare('PRAGMA data_version').pluck();
  let cached = GENESIS;
  const append = db.transaction((count) => {
    let head = headRead ? (last.get() ?? GENESIS) : (version.get(), cached);
    for (let j = 0; j < count; j++) {
      const at = Date.now();
      const hash = createHash('sha256').update(head.hash).update(data).digest('hex');
      // Decision ids lead with the time (dec_ + 12 hex digits of ms + 20 more), as Cordon's do.
      const row = { seq: head.seq + 1, at, kind: 'decision', ref: `dec_${at.toString(16).padStart(12, '0')}${(head.seq + 1).toString(16).padStart(20, '0')}`, data, prev_hash: head.hash, hash };
      insert.run(row);
      head = row;
    }
    cached = head;
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i += batch) append.immediate(batch);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  db.close();
  console.log(`${label.padEnd(40)} batch ${String(batch).padStart(2)}  CPU ${((cpu.user + cpu.system) / N).toFixed(1).padStart(5)} µs/record (system ${(cpu.system / N).toFixed(1).padStart(4)})  wall ${((wall * 1000) / N).toFixed(1).padStart(5)} µs/record`);
}

try {
  for (const batch of [1, 16]) {
    cell('as migration 0003 makes it', {}, batch);
    cell('wal_autocheckpoint 10000', { checkpoint: 10_000 }, batch);
    cell('head cached (data_version)', { headRead: false }, batch);
    cell('no secondary index (log-structured)', { indexes: false }, batch);
    cell('no index, head cached, checkpoint 10000', { indexes: false, headRead: false, checkpoint: 10_000 }, batch);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
