/**
 * The body sent upstream (src/gateway/upstream-body.ts): the caller's bytes when nothing changes, but
 * never bytes an upstream could read as another model than the one decided.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareUpstreamBody } from '../../src/gateway/upstream-body.js';

const options = { requested: 'mock-ok', upstream: 'mock-ok', path: '/chat/completions' as const, askUsage: false };

function prepared(text: string): string {
  return prepareUpstreamBody(JSON.parse(text) as Record<string, unknown>, Buffer.from(text), options).body.toString();
}

test("the caller's bytes go upstream as they are when nothing changes", () => {
  const text = '{"model":"mock-ok","messages":[{"role":"user","content":"hi"}],"temperature":0.50}';
  assert.equal(prepared(text), text, 'byte for byte (0.50 stays 0.50)');
});

test('a key the decision reads, written twice or spelt with escapes, is re-encoded as decided: one model, the one decided', () => {
  for (const text of [
    '{"model":"zzz","model":"mock-ok","messages":[]}',
    '{"mod\\u0065l":"zzz","model":"mock-ok","messages":[]}',
    '{"model":"mock-ok","stream":true,"stream":false,"messages":[]}',
  ]) {
    const out = prepared(text);
    assert.notEqual(out, text, text);
    assert.equal(out.split('"model"').length - 1, 1, out);
    assert.deepEqual(JSON.parse(out), JSON.parse(text), 'the object JSON.parse decided on');
    assert.doesNotMatch(out, /zzz/);
  }
});

test('a "model" inside a message only costs a re-encoding', () => {
  const text = '{"model":"mock-ok","messages":[{"role":"user","content":"which \\"model\\" are you?"}]}';
  assert.deepEqual(JSON.parse(prepared(text)), JSON.parse(text));
});
