/**
 * Checkpoint signatures (ADR 0014), pure: Ed25519 signs and a public key verifies; every signed field
 * is covered; the key id names the key; HMAC checkpoints read as before; what each key set concludes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  checkCheckpoints,
  checkSignature,
  isFailedSignature,
  NO_CHECKPOINT_KEYS,
  readPublicKey,
  readSignature,
  readSigningKey,
  SIGNATURE_STATUSES,
  signCheckpoint,
  type CheckpointBody,
  type CheckpointKeys,
  type SignatureStatus,
} from '../../src/audit/index.js';
import { OTHER_PUBLIC_KEY, OTHER_SIGNING_KEY, TEST_PUBLIC_KEY, TEST_SIGNING_KEY } from './checkpoint-test-keys.js';

const body: CheckpointBody = { kind: 'prune', seq: 4, hash: 'a'.repeat(64), at: 5, prunedBefore: 3, pruned: 4 };
const signing = readSigningKey(TEST_SIGNING_KEY);
const publicOnly: CheckpointKeys = { hmac: null, publicKeys: [readPublicKey(TEST_PUBLIC_KEY)] };
const HMAC = { algorithm: 'hmac-sha256', secret: 'shared' } as const;

describe('Ed25519 checkpoint signatures', () => {
  test('signed with the private key, verified with the public key alone; the signature is pinned', () => {
    const signed = signCheckpoint(body, signing);
    // Ed25519 is deterministic: the same key and checkpoint always give these bytes (checked with openssl pkeyutl, docs/audit.md).
    assert.equal(signed.signature, 'ed25519:f43f02ac440b1df7:SAi3XIVC6EFMTjj5U9tPUfbhnThY8Ik8mlaoxJ37+jwXyXxChKFjo7Ywox0d7y9N8rT7lKV6EU8bOvxaK5OiAQ==');
    assert.deepEqual(readSignature(signed.signature ?? ''), { algorithm: 'ed25519', keyId: 'f43f02ac440b1df7', value: signed.signature?.split(':')[2] });
    assert.equal(checkSignature(signed, publicOnly), 'valid');
  });

  test('every signed field is covered: a checkpoint changed in any of them fails', () => {
    const signed = signCheckpoint(body, signing);
    const changes: Array<Partial<CheckpointBody>> = [{ kind: 'anchor' }, { seq: 5 }, { hash: 'b'.repeat(64) }, { at: 6 }, { prunedBefore: null }, { prunedBefore: 4 }, { pruned: 3 }];
    for (const change of changes) assert.equal(checkSignature({ ...signed, ...change }, publicOnly), 'invalid', JSON.stringify(change));
  });

  test('the key id is the first 16 hex digits of SHA-256 over the public key DER, from PEM or one line of base64', () => {
    const der = createPublicKey(TEST_PUBLIC_KEY).export({ format: 'der', type: 'spki' });
    const id = createHash('sha256').update(der).digest('hex').slice(0, 16);
    assert.equal(signing.keyId, id);
    assert.equal(readPublicKey(TEST_PUBLIC_KEY).keyId, id);
    assert.equal(readPublicKey(der.toString('base64')).keyId, id);
    // The private key as one line (the PEM's body) or with its new lines written out, as some environments carry it.
    assert.equal(readSigningKey(TEST_SIGNING_KEY.split('\n')[1] ?? '').keyId, id);
    assert.equal(readSigningKey(TEST_SIGNING_KEY.replaceAll('\n', '\\n')).keyId, id);
  });

  test('another key, another key id: unknown to an auditor with the first public key; a forged value under the right id is invalid', () => {
    const forger = readSigningKey(OTHER_SIGNING_KEY);
    const own = signCheckpoint(body, forger);
    assert.equal(checkSignature(own, publicOnly), 'unknown_key');
    const underTheRightId = { ...own, signature: (own.signature ?? '').replace(forger.keyId, signing.keyId) };
    assert.equal(checkSignature(underTheRightId, publicOnly), 'invalid');
    assert.equal(checkSignature(own, { hmac: null, publicKeys: [readPublicKey(TEST_PUBLIC_KEY), readPublicKey(OTHER_PUBLIC_KEY)] }), 'valid');
  });

  test('without a public key an Ed25519 checkpoint is unchecked, not failed; a malformed signature is invalid', () => {
    const signed = signCheckpoint(body, signing);
    assert.equal(checkSignature(signed, NO_CHECKPOINT_KEYS), 'unchecked');
    assert.equal(checkSignature(signed, { hmac: 'shared', publicKeys: [] }), 'unchecked');
    for (const bad of ['ed25519:f43f02ac440b1df7:short==', 'ed25519:F43F02AC440B1DF7:' + 'A'.repeat(86) + '==', 'rsa:x', 'A'.repeat(64)]) {
      assert.equal(readSignature(bad), null, bad);
      assert.equal(checkSignature({ ...signed, signature: bad }, publicOnly), 'invalid', bad);
    }
  });

  test('keys that are not what is asked for are refused, saying what was expected', () => {
    assert.throws(() => readPublicKey(TEST_SIGNING_KEY), /this is a private key; give its public key/);
    assert.throws(() => readSigningKey(TEST_PUBLIC_KEY), /this is a public key; expected an Ed25519 private key/);
    assert.throws(() => readSigningKey('not a key'), /expected an Ed25519 private key: PEM/);
    assert.throws(() => readPublicKey('bm90IGEga2V5'), /expected an Ed25519 public key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.throws(() => readSigningKey(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()), /got a private key \(rsa\); expected an Ed25519 private key/);
    assert.throws(() => readPublicKey(rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString()), /got a public key \(rsa\); expected an Ed25519 public key/);
  });
});

describe('HMAC checkpoints beside Ed25519 ones', () => {
  test('an HMAC checkpoint is not verifiable with public keys alone: unchecked, not failed', () => {
    const old = signCheckpoint(body, HMAC);
    assert.match(old.signature ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(readSignature(old.signature ?? ''), { algorithm: 'hmac-sha256', keyId: null, value: old.signature });
    assert.equal(checkSignature(old, publicOnly), 'unchecked');
    assert.equal(checkSignature(old, { ...publicOnly, hmac: 'shared' }), 'valid');
  });

  test('an unsigned checkpoint fails once any key is given', () => {
    assert.equal(checkSignature(signCheckpoint(body, null), publicOnly), 'unsigned');
    assert.equal(checkSignature(signCheckpoint(body, null), NO_CHECKPOINT_KEYS), 'unchecked');
  });

  test('an unverifiable HMAC checkpoint after a verified Ed25519 one is downgraded; before it, or with the shared key, it is not', () => {
    const at = (seq: number) => ({ ...body, kind: 'anchor' as const, seq, prunedBefore: null, pruned: 0 });
    const log = [signCheckpoint(at(3), HMAC), signCheckpoint(at(5), signing), signCheckpoint(at(7), HMAC)];
    assert.deepEqual(checkCheckpoints(log, publicOnly), ['unchecked', 'valid', 'downgraded']);
    assert.deepEqual(checkCheckpoints(log, { ...publicOnly, hmac: 'shared' }), ['valid', 'valid', 'valid']);
    assert.deepEqual(checkCheckpoints(log, NO_CHECKPOINT_KEYS), ['unchecked', 'unchecked', 'unchecked']);
    // An Ed25519 checkpoint that does not verify vouches for nothing, so it makes no later one a downgrade.
    assert.deepEqual(checkCheckpoints([{ ...log[1], seq: 4 } as (typeof log)[number], log[2] as (typeof log)[number]], publicOnly), ['invalid', 'unchecked']);
  });

  test('which statuses fail verification', () => {
    const failing = SIGNATURE_STATUSES.filter((s: SignatureStatus) => isFailedSignature(s));
    assert.deepEqual(failing, ['invalid', 'unsigned', 'unknown_key', 'downgraded']);
  });
});
