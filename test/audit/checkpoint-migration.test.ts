/**
 * Moving a log from HMAC to Ed25519 checkpoints, rotating the Ed25519 key, and exports of a pruned log
 * (ADR 0014), through `cordon audit` on a real SQLite log: old checkpoints keep verifying, the key that
 * signs is the one the config says, and an auditor sees what each key vouches for.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { loadConfig } from '../../src/config/index.js';
import type { EvidenceHarness } from '../helpers/evidence-harness.js';
import { appendActions as append, harnesses, writeKeyFile as publicKeyFile, type VerifyJson } from './checkpoint-fixture.js';
import { OTHER_PUBLIC_KEY, OTHER_SIGNING_KEY, TEST_PUBLIC_KEY, TEST_SIGNING_KEY } from './checkpoint-test-keys.js';

const { fresh, beside } = harnesses();

const statuses = (v: VerifyJson) => v.checkpoints.map((c) => [c.kind, c.seq, c.algorithm, c.signature_status]);

describe('from HMAC to Ed25519', () => {
  test('old HMAC checkpoints keep their bytes and verify with the shared key; with both keys set, Ed25519 signs the new ones', async () => {
    const before = fresh({ audit: { checkpoint_key: 'env:AUDIT_KEY' } }, { AUDIT_KEY: 'shared' });
    await append(before, 0, 6);
    const pruned = await before.json<{ checkpoint: { signature: string } }>('audit', 'prune', '--before', '2026-11-03');
    assert.match(pruned.value.checkpoint.signature, /^[0-9a-f]{64}$/);
    await before.run('audit', 'anchor');

    const both = { checkpoint_key: 'env:AUDIT_KEY', checkpoint_signing_key: 'env:SIGNING_KEY' };
    const after = beside(before, 'after', { audit: both }, { AUDIT_KEY: 'shared', SIGNING_KEY: TEST_SIGNING_KEY });
    await append(after, 6, 8);
    assert.match((await after.run('audit', 'anchor')).out, /\(signed: Ed25519 key f43f02ac440b1df7\)/);

    const operator = await after.json<VerifyJson>('audit', 'verify');
    assert.equal(operator.exitCode, 0);
    assert.deepEqual(statuses(operator.value), [
      ['prune', 2, 'hmac-sha256', 'valid'],
      ['anchor', 7, 'hmac-sha256', 'valid'],
      ['anchor', 9, 'ed25519', 'valid'],
    ]);
    assert.equal(operator.value.checkpoints[0]?.signature, pruned.value.checkpoint.signature, 'the HMAC checkpoint as it was written');

    // An auditor with the public key only: the HMAC checkpoints are not verifiable, which is not a failure.
    const auditor = beside(before, 'auditor');
    const pub = publicKeyFile(before, 'checkpoint.pub', TEST_PUBLIC_KEY);
    const audited = await auditor.json<VerifyJson>('audit', 'verify', '--public-key', pub);
    assert.equal(audited.exitCode, 0);
    assert.deepEqual(statuses(audited.value), [
      ['prune', 2, 'hmac-sha256', 'unchecked'],
      ['anchor', 7, 'hmac-sha256', 'unchecked'],
      ['anchor', 9, 'ed25519', 'valid'],
    ]);
    assert.equal(audited.value.signed_through?.seq, 9);
    const text = (await auditor.run('audit', 'verify', '--public-key', pub)).out;
    assert.match(text, /^OK: 7 record\(s\) checked from checkpoint 2 \(records before it were pruned/);
    assert.match(text, /checkpoint prune at record 2 \(.*\): HMAC-SHA256: not verifiable without the shared key \(audit\.checkpoint_key\)/);
  });
});

describe('rotating the Ed25519 key', () => {
  test('the retired public key stays listed: the operator verifies both; an auditor needs both public keys', async () => {
    const first = fresh({ audit: { checkpoint_signing_key: 'env:SIGNING_KEY' } }, { SIGNING_KEY: TEST_SIGNING_KEY });
    await append(first, 0, 3);
    await first.run('audit', 'anchor');
    const retired = createPublicKey(TEST_PUBLIC_KEY).export({ format: 'der', type: 'spki' }).toString('base64');
    const rotated = beside(first, 'rotated', { audit: { checkpoint_signing_key: 'env:SIGNING_KEY', checkpoint_public_keys: [retired] } }, { SIGNING_KEY: OTHER_SIGNING_KEY });
    await append(rotated, 3, 6);
    await rotated.run('audit', 'anchor');

    const operator = await rotated.json<VerifyJson>('audit', 'verify');
    assert.equal(operator.exitCode, 0);
    const [oldId, newId] = operator.value.checkpoints.map((c) => c.key_id);
    assert.equal(oldId, 'f43f02ac440b1df7');
    assert.notEqual(newId, oldId);
    assert.deepEqual(operator.value.checkpoints.map((c) => c.signature_status), ['valid', 'valid']);

    const auditor = beside(first, 'auditor');
    const newPub = publicKeyFile(first, 'new.pub', OTHER_PUBLIC_KEY);
    const onlyNew = await auditor.json<VerifyJson>('audit', 'verify', '--public-key', newPub);
    assert.equal(onlyNew.exitCode, 1);
    assert.deepEqual(onlyNew.value.checkpoints.map((c) => c.signature_status), ['unknown_key', 'valid']);
    const bothKeys = await auditor.json<VerifyJson>('audit', 'verify', '--public-key', newPub, '--public-key', publicKeyFile(first, 'old.pub', TEST_PUBLIC_KEY));
    assert.equal(bothKeys.exitCode, 0);
  });
});

describe('exports of a pruned log', () => {
  async function prunedExport(): Promise<{ h: EvidenceHarness; file: string; pub: string }> {
    const h = fresh({ audit: { checkpoint_signing_key: 'env:SIGNING_KEY' } }, { SIGNING_KEY: TEST_SIGNING_KEY });
    await append(h, 0, 8);
    await h.run('audit', 'prune', '--before', '2026-11-04');
    await h.run('audit', 'anchor');
    const file = join(h.dir, 'export.jsonl');
    await h.run('audit', 'export', '--out', file);
    return { h, file, pub: publicKeyFile(h, 'checkpoint.pub', TEST_PUBLIC_KEY) };
  }

  test('start at their signed prune checkpoint', async () => {
    const { h, file, pub } = await prunedExport();
    const { value, exitCode } = await h.json<VerifyJson>('audit', 'verify', '--file', file, '--public-key', pub);
    assert.equal(exitCode, 0);
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '') as { seq: number; prev_hash: string };
    assert.equal(first.seq, 4);
    assert.deepEqual(value.start_checkpoint, { kind: 'prune', seq: 3, hash: first.prev_hash });
    assert.deepEqual(statuses(value), [
      ['prune', 3, 'ed25519', 'valid'],
      ['anchor', 9, 'ed25519', 'valid'],
    ]);
  });

  test('a prune checkpoint moved in the file breaks the first link; without its checkpoints the start is taken on trust and nothing is vouched for', async () => {
    const { h, file, pub } = await prunedExport();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const moved = lines.map((l) => (l.includes('"kind":"prune"') && l.startsWith('{"checkpoint"') ? l.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'e'.repeat(64)}"`) : l));
    writeFileSync(file, moved.join('\n'));
    const bad = await h.json<VerifyJson>('audit', 'verify', '--file', file, '--public-key', pub);
    assert.equal(bad.exitCode, 1);
    assert.deepEqual(bad.value.problems.map((p) => [p.kind, p.seq]), [['broken_link', 4]]);
    assert.deepEqual(bad.value.checkpoints.map((c) => c.signature_status), ['invalid', 'valid']);

    writeFileSync(file, lines.filter((l) => !l.startsWith('{"checkpoint"')).join('\n'));
    const bare = await h.json<VerifyJson>('audit', 'verify', '--file', file, '--public-key', pub);
    assert.equal(bare.exitCode, 0);
    assert.equal(bare.value.start_checkpoint, null);
    assert.equal(bare.value.signed_through, null);
    assert.match((await h.run('audit', 'verify', '--file', file)).out, /from record 4 \(its link to record 3 taken on trust: no checkpoint of it\)/);
  });
});

describe('checkpoint keys in the config', () => {
  test('a public key that is not one fails at load, naming where', () => {
    const dir = fresh().dir;
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `audit:\n  checkpoint_public_keys:\n    - ${JSON.stringify(TEST_SIGNING_KEY)}\n    - not-a-key\n`);
    assert.throws(() => loadConfig({ file, env: {} }), (err: Error) => {
      assert.match(err.message, /audit\.checkpoint_public_keys\[0\]: this is a private key; give its public key/);
      assert.match(err.message, /audit\.checkpoint_public_keys\[1\]: expected an Ed25519 public key/);
      return true;
    });
  });

  test('the signing key is read when a checkpoint is signed: unset or not a key, anchor fails naming it; verify does not need it', async () => {
    const unset = fresh({ audit: { checkpoint_signing_key: 'env:SIGNING_KEY' } }, {});
    await append(unset, 0, 2);
    const anchored = await unset.run('audit', 'anchor');
    assert.equal(anchored.exitCode, 1);
    assert.match(anchored.err, /audit\.checkpoint_signing_key: environment variable SIGNING_KEY is not set/);
    assert.equal((await unset.run('audit', 'verify')).exitCode, 0);

    const wrong = beside(unset, 'wrong', { audit: { checkpoint_signing_key: 'env:SIGNING_KEY' } }, { SIGNING_KEY: TEST_PUBLIC_KEY });
    const refused = await wrong.run('audit', 'anchor');
    assert.equal(refused.exitCode, 1);
    assert.match(refused.err, /audit\.checkpoint_signing_key: the value of SIGNING_KEY: this is a public key; expected an Ed25519 private key/);
  });
});
