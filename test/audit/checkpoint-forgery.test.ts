/**
 * Issue 14's fault and its fix, on a real SQLite log through `cordon audit`: a checkpoint signed with the
 * shared HMAC key can be re-signed by anyone who holds that key — the auditor who was given it to verify
 * included — so a rewritten history verifies. Signed with Ed25519, an auditor holding only the public
 * key finds every checkpoint made without the private key (ADR 0014).
 */
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { canonicalBody, readSigningKey, recordHash, signCheckpoint, type CheckpointBody, type CheckpointSigningKey } from '../../src/audit/index.js';
import type { EvidenceHarness } from '../helpers/evidence-harness.js';
import { appendActions as append, harnesses, writeKeyFile, type VerifyJson } from './checkpoint-fixture.js';
import { OTHER_SIGNING_KEY, TEST_PUBLIC_KEY, TEST_SIGNING_KEY } from './checkpoint-test-keys.js';

const { fresh, beside } = harnesses();

function raw<T>(h: EvidenceHarness, body: (db: Database.Database) => T): T {
  const db = new Database(h.dbPath);
  try {
    return body(db);
  } finally {
    db.close();
  }
}

interface Row {
  seq: number;
  at: number;
  kind: 'action';
  ref: string;
  data: string;
  prev_hash: string;
}

/** What someone who can write the database does: record `seq` says something else, and every hash from it on is recomputed. */
function rewriteFrom(h: EvidenceHarness, seq: number): void {
  raw(h, (db) => {
    const rows = db.prepare<[number], Row>('SELECT seq, at, kind, ref, data, prev_hash FROM audit_log WHERE seq >= ? ORDER BY seq').all(seq);
    let prev = rows[0]?.prev_hash ?? '';
    for (const r of rows) {
      const data = r.seq === seq ? { action: 'warn', note: 'rewritten' } : (JSON.parse(r.data) as Record<string, string>);
      const hash = recordHash(prev, canonicalBody({ kind: r.kind, at: r.at, ref: r.ref, data }));
      db.prepare('UPDATE audit_log SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(JSON.stringify(data), prev, hash, r.seq);
      prev = hash;
    }
  });
}

/** Moves the checkpoint at `seq` to the record's new hash, signed with `sign` (a key, or a function giving the stored text). */
function moveCheckpoint(h: EvidenceHarness, seq: number, sign: CheckpointSigningKey | ((body: CheckpointBody) => string | null)): void {
  raw(h, (db) => {
    const cp = db.prepare<[number], { kind: 'anchor'; at: number; pruned_before: number | null; pruned: number }>('SELECT kind, at, pruned_before, pruned FROM audit_checkpoints WHERE seq = ?').get(seq);
    const head = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(seq);
    assert.ok(cp && head);
    const body: CheckpointBody = { kind: cp.kind, seq, hash: head.hash, at: cp.at, prunedBefore: cp.pruned_before, pruned: cp.pruned };
    const signature = typeof sign === 'function' ? sign(body) : signCheckpoint(body, sign).signature;
    db.prepare('UPDATE audit_checkpoints SET hash = ?, signature = ? WHERE seq = ?').run(head.hash, signature, seq);
  });
}

describe('the fault: an HMAC checkpoint is re-signed by whoever holds the key', () => {
  test('a key holder rewrites records 5–10, recomputes the hashes and re-signs the anchor: the log verifies with the key', async () => {
    const h = fresh({ audit: { checkpoint_key: 'env:AUDIT_KEY' } }, { AUDIT_KEY: 'shared-secret' });
    await append(h, 0, 10);
    await h.run('audit', 'anchor');
    rewriteFrom(h, 5);
    moveCheckpoint(h, 10, { algorithm: 'hmac-sha256', secret: 'shared-secret' });
    const { value, exitCode } = await h.json<VerifyJson>('audit', 'verify');
    // This is the fault Ed25519 closes: the rewritten history passes, and the key cannot tell who signed.
    assert.equal(exitCode, 0);
    assert.equal(value.ok, true);
    assert.deepEqual(value.checkpoints.map((c) => [c.algorithm, c.signature_status]), [['hmac-sha256', 'valid']]);
    assert.match((await h.run('audit', 'show', 'key_4')).out, /"note":"rewritten"/);
  });
});

describe('the fix: Ed25519 checkpoints, checked by an auditor with the public key alone', () => {
  let operator: EvidenceHarness;
  let auditor: EvidenceHarness;
  let publicKeyFile: string;
  const audit = () => auditor.json<VerifyJson>('audit', 'verify', '--public-key', publicKeyFile);

  beforeEach(async () => {
    operator = fresh({ audit: { checkpoint_signing_key: 'env:SIGNING_KEY' } }, { SIGNING_KEY: TEST_SIGNING_KEY });
    // The auditor's config names no key at all: the public key file is all it has.
    auditor = beside(operator, 'auditor');
    publicKeyFile = writeKeyFile(operator, 'checkpoint.pub', TEST_PUBLIC_KEY);
    await append(operator, 0, 4);
    assert.match((await operator.run('audit', 'anchor')).out, /^Anchored record 4: [0-9a-f]{64} \(signed: Ed25519 key f43f02ac440b1df7\)\.\n$/);
    await append(operator, 4, 10);
    await operator.run('audit', 'anchor');
  });

  test('the untouched log verifies, and says through which record the signatures vouch for it', async () => {
    const { value, exitCode } = await audit();
    assert.equal(exitCode, 0);
    assert.deepEqual(value.checkpoints.map((c) => [c.seq, c.algorithm, c.key_id, c.signature_status]), [
      [4, 'ed25519', 'f43f02ac440b1df7', 'valid'],
      [10, 'ed25519', 'f43f02ac440b1df7', 'valid'],
    ]);
    assert.deepEqual(value.signed_through, { kind: 'anchor', seq: 10, at: '2026-12-15T00:00:00Z', algorithm: 'ed25519', key_id: 'f43f02ac440b1df7' });
    const text = (await auditor.run('audit', 'verify', '--public-key', publicKeyFile)).out;
    assert.match(text, /checkpoint anchor at record 10 \(2026-12-15T00:00:00Z\): Ed25519 key f43f02ac440b1df7: signature valid/);
    assert.match(text, /signed through record 10: the records to it are what the holder of Ed25519 key f43f02ac440b1df7 signed/);
  });

  const forgeries: Array<{ name: string; forge: (h: EvidenceHarness) => void; status: string }> = [
    { name: 're-signed with the forger’s own key', forge: (h) => moveCheckpoint(h, 10, readSigningKey(OTHER_SIGNING_KEY)), status: 'unknown_key' },
    {
      name: 'a signature of another key put under the real key id',
      forge: (h) => moveCheckpoint(h, 10, (b) => (signCheckpoint(b, readSigningKey(OTHER_SIGNING_KEY)).signature ?? '').replace(/^ed25519:[0-9a-f]{16}:/, 'ed25519:f43f02ac440b1df7:')),
      status: 'invalid',
    },
    { name: 'moved to the new hash, keeping its signature', forge: (h) => moveCheckpoint(h, 10, () => raw(h, (db) => db.prepare<[], { signature: string }>('SELECT signature FROM audit_checkpoints WHERE seq = 10').get()?.signature ?? '')), status: 'invalid' },
    { name: 'turned into an HMAC checkpoint (a shared key the forger holds)', forge: (h) => moveCheckpoint(h, 10, { algorithm: 'hmac-sha256', secret: 'old-shared-secret' }), status: 'downgraded' },
    { name: 'stripped of its signature', forge: (h) => moveCheckpoint(h, 10, () => null), status: 'unsigned' },
  ];
  for (const { name, forge, status } of forgeries) {
    test(`records 5–10 rewritten and the anchor ${name}: ${status}, and verification fails`, async () => {
      rewriteFrom(operator, 5);
      forge(operator);
      const { value, exitCode } = await audit();
      assert.equal(exitCode, 1);
      assert.equal(value.ok, false);
      assert.deepEqual(value.problems, [], 'the chain itself is consistent: only the signature gives the rewrite away');
      assert.deepEqual(value.checkpoints.map((c) => [c.seq, c.signature_status]), [[4, 'valid'], [10, status]]);
      assert.equal(value.signed_through?.seq, 4, 'what the signatures still vouch for');
    });
  }

  test('records rewritten under a checkpoint left alone: the chain no longer passes through it', async () => {
    rewriteFrom(operator, 2);
    const { value, exitCode } = await audit();
    assert.equal(exitCode, 1);
    assert.deepEqual(value.problems.map((p) => [p.kind, p.seq]), [['anchor_mismatch', 4], ['anchor_mismatch', 10]]);
    assert.equal(value.signed_through, null, 'a checkpoint the chain does not pass through vouches for nothing');
  });

  test('what signatures cannot do: an auditor must look at signed_through, since checkpoints can be removed', async () => {
    rewriteFrom(operator, 2);
    // Both anchors replaced by HMAC ones the auditor cannot check: no Ed25519 checkpoint is left to make them downgrades.
    moveCheckpoint(operator, 4, { algorithm: 'hmac-sha256', secret: 'forger' });
    moveCheckpoint(operator, 10, { algorithm: 'hmac-sha256', secret: 'forger' });
    const { value } = await audit();
    assert.deepEqual(value.checkpoints.map((c) => c.signature_status), ['unchecked', 'unchecked']);
    assert.equal(value.signed_through, null, 'nothing is vouched for by a signature the auditor can check');
    assert.match((await auditor.run('audit', 'verify', '--public-key', publicKeyFile)).out, /HMAC-SHA256: not verifiable without the shared key \(audit\.checkpoint_key\)/);
  });
});
