/** Secret and id formats, and the hash that is all a store keeps of a secret. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DISPLAY_PREFIX_LENGTH, defaultRandom, displayPrefix, hashSecret, newId, newSecret } from '../../src/store/secrets.js';

test('a secret is sk-cordon- plus 192 random bits in base64url', () => {
  const secret = newSecret(defaultRandom);
  assert.match(secret, /^sk-cordon-[A-Za-z0-9_-]{32}$/);
  assert.equal(Buffer.from(secret.slice('sk-cordon-'.length), 'base64url').length, 24);
  assert.notEqual(newSecret(defaultRandom), secret);
});

test('the hash is SHA-256 hex of the whole secret', () => {
  const secret = 'sk-cordon-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  assert.equal(hashSecret(secret), createHash('sha256').update(secret).digest('hex'));
  assert.match(hashSecret(secret), /^[0-9a-f]{64}$/);
});

test('the display prefix is the first 14 characters', () => {
  assert.equal(DISPLAY_PREFIX_LENGTH, 14);
  assert.equal(displayPrefix('sk-cordon-AbCdEfGh'), 'sk-cordon-AbCd');
});

test('ids name their kind and carry 80 random bits in hex', () => {
  assert.match(newId('ten', defaultRandom), /^ten_[0-9a-f]{20}$/);
  assert.match(newId('key', defaultRandom), /^key_[0-9a-f]{20}$/);
});

test('a random source that returns the wrong number of bytes is refused', () => {
  assert.throws(() => newSecret(() => Buffer.alloc(8)), /returned 8 bytes, expected 24/);
});
