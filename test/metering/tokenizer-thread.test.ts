/** The token counting runs in a thread of its own: right counts, in any number at once, and the encodings never in the gateway's own heap. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { countTokens } from '../../src/metering/index.js';

const require = createRequire(import.meta.url);

test('counts in the tokenizer thread: concurrent counts each get their own answer, and neither encoding is loaded in this thread', async () => {
  const texts = Array.from({ length: 40 }, (_, i) => 'hello world '.repeat(i + 1));
  const counts = await Promise.all(texts.map((t, i) => countTokens(i % 2 === 0 ? 'o200k_base' : 'cl100k_base', [t])));
  // "hello world " is two tokens per repeat in both encodings, and the trailing space one more.
  assert.deepEqual(counts.slice(0, 3), [3, 5, 7]);
  assert.equal(counts.length, 40);
  for (let i = 1; i < counts.length; i++) assert.ok((counts[i] as number) > (counts[i - 1] as number), `count ${i} grows with its text`);
  for (const name of ['o200k_base', 'cl100k_base']) {
    assert.equal(require.cache[require.resolve(`gpt-tokenizer/encoding/${name}`)], undefined, `${name} is not loaded in the gateway's thread`);
  }
});

test('empty texts count nothing; a count after many is still answered', async () => {
  assert.equal(await countTokens('o200k_base', ['', '']), 0);
  assert.equal(await countTokens('o200k_base', []), 0);
  assert.equal(await countTokens('cl100k_base', ['a']), 1);
});
