/** What an estimate counts and with which tokenizer (pure): model families, answer and prompt text. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { estimateUsage, eventText, promptText, RelayedEvents, tokenizerFor } from '../../src/metering/index.js';

describe('the tokenizer for a model', () => {
  test("OpenAI's models get their own; every other family o200k_base, marked as an approximation", () => {
    const cases: Record<string, [string, string]> = {
      'gpt-4o-mini': ['o200k_base', 'openai'],
      'openai/gpt-4.1': ['o200k_base', 'openai'],
      'gpt-5': ['o200k_base', 'openai'],
      'o3-mini': ['o200k_base', 'openai'],
      o1: ['o200k_base', 'openai'],
      'gpt-4-turbo': ['cl100k_base', 'openai'],
      'gpt-3.5-turbo': ['cl100k_base', 'openai'],
      'text-embedding-3-small': ['cl100k_base', 'openai'],
      'deepseek-chat': ['o200k_base', 'other'],
      'meta-llama/Llama-3.1-8B-Instruct': ['o200k_base', 'other'],
      'claude-sonnet-4-5': ['o200k_base', 'other'],
      'omni-moderation': ['o200k_base', 'other'],
    };
    for (const [model, [tokenizer, family]] of Object.entries(cases)) assert.deepEqual(tokenizerFor(model), { tokenizer, family }, model);
  });
});

describe('the text of an answer and of a prompt', () => {
  test('streamed events of every relayed protocol', () => {
    const out: string[] = [];
    eventText({ choices: [{ delta: { content: 'chat ' } }, { delta: { tool_calls: [{ function: { name: 'f', arguments: '{"a":1}' } }] } }] }, out);
    eventText({ choices: [{ text: 'completion ' }] }, out);
    eventText({ type: 'response.output_text.delta', delta: 'responses ' }, out);
    eventText({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'anthropic' } }, out);
    eventText({ choices: [], usage: { prompt_tokens: 1 } }, out);
    assert.deepEqual(out, ['chat ', 'f', '{"a":1}', 'completion ', 'responses ', 'anthropic']);
  });

  test('relayed chunks are folded into text past the raw limit, split lines and UTF-8 included', () => {
    const stream = ['Grüße ', 'aus ', 'Köln'].map((c) => `data: ${JSON.stringify({ choices: [{ delta: { content: c } }] })}\n\n`).join('') + 'data: [DONE]\n\n';
    const bytes = Buffer.from(stream);
    const relayed = new RelayedEvents(8);
    for (let i = 0; i < bytes.length; i += 5) relayed.add(bytes.subarray(i, i + 5));
    assert.equal(relayed.texts().join(''), 'Grüße aus Köln');
  });

  test('prompts: chat messages (parts too), Responses input and instructions, completions prompt, tools', () => {
    assert.deepEqual(promptText({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'image_url', image_url: { url: 'x' } }] }] }), { texts: ['be brief', 'hello'], messages: 2 });
    assert.deepEqual(promptText({ input: 'just text', instructions: 'rules' }), { texts: ['just text', 'rules'], messages: 0 });
    assert.deepEqual(promptText({ input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }] }), { texts: ['hi'], messages: 1 });
    assert.deepEqual(promptText({ prompt: ['a', 'b'] }), { texts: ['a', 'b'], messages: 0 });
    const tools = [{ type: 'function', function: { name: 'f' } }];
    assert.deepEqual(promptText({ prompt: 'p', tools }), { texts: ['p', JSON.stringify(tools)], messages: 0 });
  });
});

describe('an estimate', () => {
  test('counts the prompt (with per-message overhead) and the joined answer with the family tokenizer', async () => {
    const request = { messages: [{ role: 'user', content: 'How many tokens is this?' }] };
    const answer = ['Not', ' that', ' many', '.'];
    const gpt4 = await estimateUsage({ upstreamModel: 'gpt-4', request, answer });
    assert.deepEqual(gpt4, { usage: { inputTokens: cl100k('How many tokens is this?') + 6, cachedInputTokens: 0, outputTokens: cl100k('Not that many.') }, estimate: { tokenizer: 'cl100k_base', family: 'openai' } });
    const llama = await estimateUsage({ upstreamModel: 'llama-3', request: { prompt: 'Once upon' }, answer: [' a time'] });
    assert.deepEqual(llama.usage, { inputTokens: o200k('Once upon'), cachedInputTokens: 0, outputTokens: o200k(' a time') });
    assert.equal(llama.estimate.family, 'other');
  });

  test('special-token text a model wrote is counted as text, not refused', async () => {
    const { usage } = await estimateUsage({ upstreamModel: 'gpt-4o', request: {}, answer: ['<|endoftext|>'] });
    assert.ok(usage.outputTokens > 1);
  });
});
