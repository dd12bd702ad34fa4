/**
 * The auditor's path through the real `cordon` CLI (ADR 0014): `audit keygen` makes the pair, the
 * operator anchors with the private key in the environment and exports, and an auditor in an empty
 * folder — no config, no secret — verifies the export with the public key file alone, and finds a
 * forged one.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalBody, readSigningKey, recordHash, signCheckpoint, type AuditKind, type JsonObject } from '../../src/audit/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { OTHER_SIGNING_KEY } from '../audit/checkpoint-test-keys.js';
import { runCli } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'cordon-cli-checkpoint-keys-'));
after(() => rmSync(root, { recursive: true, force: true }));
const operatorDir = join(root, 'operator');
const auditorDir = join(root, 'auditor');
const keysDir = join(operatorDir, 'keys');
mkdirSync(operatorDir);
mkdirSync(auditorDir);
writeFileSync(join(operatorDir, 'cordon.yaml'), 'store: { url: sqlite:./cordon.db }\naudit: { checkpoint_signing_key: env:CORDON_AUDIT_SIGNING_KEY }\n');

interface Line {
  seq?: number;
  at?: number;
  kind?: AuditKind;
  ref?: string;
  data?: JsonObject;
  prev_hash?: string;
  hash?: string;
  checkpoint?: { kind: 'anchor' | 'prune'; seq: number; hash: string; at: number; pruned_before: number | null; pruned: number; signature: string | null };
}

describe('cordon audit keygen, anchor, export and verify --public-key', () => {
  const privateFile = join(keysDir, 'cordon-audit-checkpoint.key');
  const publicFile = join(keysDir, 'cordon-audit-checkpoint.pub');
  let keyId = '';
  const exported = join(operatorDir, 'export.jsonl');

  test('keygen writes the private key (0600) and the public key, and says what to set', () => {
    const r = runCli(['audit', 'keygen', '--out', keysDir], { cwd: operatorDir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Ed25519 checkpoint key [0-9a-f]{16}:/);
    assert.match(r.stdout, /CORDON_AUDIT_SIGNING_KEY="\$\(cat '.*cordon-audit-checkpoint\.key'\)"/);
    assert.match(r.stdout, /checkpoint_signing_key: env:CORDON_AUDIT_SIGNING_KEY/);
    assert.doesNotMatch(r.stdout, /PRIVATE KEY|MC4CAQAw/, 'the private key itself is not printed');
    assert.equal(statSync(privateFile).mode & 0o777, 0o600);
    assert.match(readFileSync(publicFile, 'utf8'), /^-----BEGIN PUBLIC KEY-----\n/);
    keyId = readSigningKey(readFileSync(privateFile, 'utf8')).keyId;
    assert.match(r.stdout, new RegExp(`checkpoint key ${keyId}:`));

    const again = runCli(['audit', 'keygen', '--out', keysDir, '--json'], { cwd: operatorDir });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /cordon-audit-checkpoint\.key exists: not overwritten/);
    assert.equal(readSigningKey(readFileSync(privateFile, 'utf8')).keyId, keyId, 'the first key is left as it was');
  });

  test('the operator anchors with the key in the environment and exports the log with its checkpoint', async () => {
    const store = openSqliteStore({ path: join(operatorDir, 'cordon.db'), clock: { now: () => Date.UTC(2026, 10, 20) } });
    for (let i = 1; i <= 6; i++) await store.audit.append({ kind: 'action', at: Date.UTC(2026, 10, i), ref: `key_${i}`, data: { action: 'warn', note: `record ${i}` } });
    await store.close();
    const env = { CORDON_AUDIT_SIGNING_KEY: readFileSync(privateFile, 'utf8') };
    const anchored = runCli(['--config', 'cordon.yaml', 'audit', 'anchor'], { cwd: operatorDir, env });
    assert.equal(anchored.status, 0, anchored.stderr);
    assert.match(anchored.stdout, new RegExp(`^Anchored record 6: [0-9a-f]{64} \\(signed: Ed25519 key ${keyId}\\)\\.\\n$`));
    const r = runCli(['--config', 'cordon.yaml', 'audit', 'export', '--out', exported], { cwd: operatorDir });
    assert.equal(r.status, 0, r.stderr);
    const lines = readFileSync(exported, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
    assert.deepEqual(lines.map((l) => l.seq ?? `checkpoint ${l.checkpoint?.seq}`), [1, 2, 3, 4, 5, 6, 'checkpoint 6']);
    assert.match(lines[6]?.checkpoint?.signature ?? '', new RegExp(`^ed25519:${keyId}:`));
  });

  test('an auditor with only the public key verifies the export', () => {
    const pub = join(auditorDir, 'operator.pub');
    writeFileSync(pub, readFileSync(publicFile));
    const r = runCli(['audit', 'verify', '--file', exported, '--public-key', pub, '--json'], { cwd: auditorDir });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const v = JSON.parse(r.stdout) as { ok: boolean; checked: number; checkpoints: { signature_status: string; key_id: string }[]; signed_through: { seq: number } };
    assert.equal(v.ok, true);
    assert.equal(v.checked, 6);
    assert.deepEqual(v.checkpoints.map((c) => [c.key_id, c.signature_status]), [[keyId, 'valid']]);
    assert.equal(v.signed_through.seq, 6);
  });

  test('an export rewritten and re-signed without the private key fails for that auditor', () => {
    const lines = readFileSync(exported, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
    // The forger changes record 3, recomputes every hash after it and signs the checkpoint with a key of its own.
    let prev = lines[1]?.hash ?? '';
    for (const l of lines.slice(2, 6)) {
      if (l.seq === 3) l.data = { action: 'warn', note: 'rewritten' };
      l.prev_hash = prev;
      l.hash = recordHash(prev, canonicalBody({ kind: l.kind as AuditKind, at: l.at as number, ref: l.ref as string, data: l.data as JsonObject }));
      prev = l.hash;
    }
    const cp = lines[6]?.checkpoint;
    assert.ok(cp);
    cp.hash = prev;
    cp.signature = signCheckpoint({ kind: cp.kind, seq: cp.seq, hash: cp.hash, at: cp.at, prunedBefore: cp.pruned_before, pruned: cp.pruned }, readSigningKey(OTHER_SIGNING_KEY)).signature;
    const forged = join(auditorDir, 'forged.jsonl');
    writeFileSync(forged, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const r = runCli(['audit', 'verify', '--file', forged, '--public-key', join(auditorDir, 'operator.pub')], { cwd: auditorDir });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^FAILED: 6 record\(s\) checked/);
    assert.match(r.stdout, /checkpoint anchor at record 6 .*: Ed25519 key [0-9a-f]{16}: UNKNOWN KEY, none of the public keys given has its id/);
  });
});
