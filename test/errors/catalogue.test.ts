import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE, CordonError, anthropicStatus, toAnthropicError, toOpenAiError, type ErrorCode } from '../../src/errors/index.js';

const GROUPS = ['caller_', 'account_', 'policy_', 'provider_', 'gateway_'];

test('docs/errors.md lists exactly the catalogue, with the same status, type, wire code and message', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `(\w+)` \| (\d+) \| `(\w+)` \| `(\w+)` \| (.*) \|$/gm)].map((m) => ({ code: m[1], status: Number(m[2]), type: m[3], wire: m[4], message: m[5] }));
  const fromCatalogue = Object.entries(ERROR_CATALOGUE).map(([code, s]) => ({ code, status: s.status, type: s.type, wire: s.wire, message: s.message }));
  assert.deepEqual(rows, fromCatalogue);
});

test('every code is grouped by who is at fault and maps to an HTTP error status', () => {
  for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
    assert.ok(GROUPS.some((g) => code.startsWith(g)), code);
    assert.ok(spec.status >= 400 && spec.status <= 599, code);
    assert.equal(code.startsWith('caller_') || code.startsWith('account_') || code.startsWith('policy_'), spec.status < 500, `${code}: caller-side codes are 4xx, others 5xx`);
  }
});

test('the region refusal is OpenAI\'s own wire shape', () => {
  assert.deepEqual(toOpenAiError(new CordonError('policy_region_denied')), {
    error: { message: 'Country, region, or territory not supported', type: 'request_forbidden', param: null, code: 'unsupported_country_region_territory' },
  });
});

test('message templates are filled from params; the param field names the request field', () => {
  const err = new CordonError('caller_model_not_found', { model: 'gpt-9' }, { param: 'model' });
  assert.equal(err.status, 404);
  assert.deepEqual(toOpenAiError(err).error, { message: 'The model `gpt-9` does not exist or you do not have access to it.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
  const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
  assert.ok(codes.length > 10);
});

test('on the Messages API every code has Anthropic\'s status and type, and its wire code beside', () => {
  const ANTHROPIC_STATUSES = new Set([400, 401, 403, 404, 405, 409, 413, 429, 500, 504, 529]);
  for (const code of Object.keys(ERROR_CATALOGUE) as ErrorCode[]) {
    const err = new CordonError(code);
    assert.ok(ANTHROPIC_STATUSES.has(anthropicStatus(err)), `${code}: ${anthropicStatus(err)}`);
    const body = toAnthropicError(err, 'dec_1');
    assert.equal(body.type, 'error');
    assert.equal(body.error.code, ERROR_CATALOGUE[code].wire);
    assert.equal(body.request_id, 'dec_1');
  }
  assert.equal(toAnthropicError(new CordonError('policy_region_denied'), 'dec_1').error.type, 'forbidden');
  assert.equal(toAnthropicError(new CordonError('account_suspended', { until: 'x' }), 'dec_1').error.type, 'permission_error');
  assert.equal(anthropicStatus(new CordonError('provider_unavailable', { detail: 'x' })), 529);
  assert.equal(toAnthropicError(new CordonError('gateway_audit_unavailable'), 'dec_1').error.type, 'overloaded_error');
});
