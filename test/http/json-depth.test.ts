import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nestsDeeperThan } from '../../src/http/body.js';

const deeper = (text: string, max: number) => nestsDeeperThan(Buffer.from(text), max);

test('JSON depth: brackets count outside strings only, escaped quotes and backslashes included', () => {
  assert.equal(deeper(`{"a":${'['.repeat(3)}${']'.repeat(3)}}`, 4), false, 'four levels at a limit of four');
  assert.equal(deeper(`{"a":${'['.repeat(4)}${']'.repeat(4)}}`, 4), true);
  assert.equal(deeper(`{"a":"\\"${'['.repeat(20)}"}`, 4), false, 'an escaped quote does not end the string');
  assert.equal(deeper(`{"a":"\\\\",${'"b":'}${'['.repeat(20)}${']'.repeat(20)}}`, 4), true, 'an escaped backslash before the quote does');
  assert.equal(deeper(`{"a":"x\\\\\\"${'{'.repeat(20)}"}`, 4), false, 'three backslashes: the quote is escaped');
  assert.equal(deeper('['.repeat(100_000), 128), true);
  assert.equal(deeper(`{"a":"${'['.repeat(300)}`, 4), false, 'an unterminated string ends the scan (JSON.parse refuses it)');
});
