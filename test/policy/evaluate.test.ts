/** Focused checks of the decision value; the behaviour is covered by the case tables. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision, PolicyInput } from '../../src/domain/decision.js';
import type { Carrier, Origin } from '../../src/domain/origin.js';
import { compilePolicy, describeOrigin, evaluateForProviders, evaluatePolicy, explainDecision, loadDefaultPolicy, loadPresetCatalog, parsePolicy, unwrap } from '../../src/policy/index.js';

const presets = loadPresetCatalog();
const policy = compilePolicy(loadDefaultPolicy(presets), { presets, providers: [{ id: 'my-vllm', terms: null }] });
const at = Date.parse('2026-06-01T00:00:00Z');

function input(facts: Partial<Origin>): PolicyInput {
  const country = facts.country ?? null;
  const origin: Origin = {
    ip: '192.0.2.1', source: 'socket', country, subdivisions: [], city: null, latitude: null, longitude: null,
    asn: null, org: null, anonymizer: [], unknown: country === null ? 'not_found' : null, ...facts,
  };
  return { origin, account: null, at };
}

describe('decisions', () => {
  test('a deny names the layer, rule, attribute, provider and policy hash; the trail stops there', () => {
    assert.deepEqual(evaluatePolicy(policy, input({ country: 'CU' }), 'openai'), {
      provider: 'openai',
      effect: 'deny',
      layer: 'law',
      ruleId: 'law.us_sanctions.cu',
      matched: 'country=CU',
      policyHash: policy.hash,
      trail: [{ layer: 'law', effect: 'deny', ruleId: 'law.us_sanctions.cu', matched: 'country=CU' }],
    });
  });

  test('an allow is named after the operator layer and the trail holds all three', () => {
    const d = evaluatePolicy(policy, input({ country: 'FR' }), 'openai');
    assert.equal(d.effect, 'allow');
    assert.equal(d.layer, 'operator');
    assert.equal(d.ruleId, 'operator.default');
    assert.deepEqual(d.trail.map((r) => [r.layer, r.effect, r.ruleId, r.matched]), [
      ['law', 'allow', 'law.default', null],
      ['terms', 'allow', 'terms.openai.supported', 'country=FR'],
      ['operator', 'allow', 'operator.default', null],
    ]);
  });

  test('evaluateForProviders keeps the order given, unknown providers included', () => {
    const ds = evaluateForProviders(policy, input({ country: 'CN' }), ['deepseek', 'openai', 'never-heard-of', 'my-vllm']);
    assert.deepEqual(ds.map((d) => [d.provider, d.effect, d.ruleId]), [
      ['deepseek', 'allow', 'operator.default'],
      ['openai', 'deny', 'terms.openai.unsupported'],
      ['never-heard-of', 'allow', 'operator.default'],
      ['my-vllm', 'allow', 'operator.default'],
    ]);
    assert.equal(ds[2]?.trail[1]?.ruleId, 'terms.never-heard-of.no_list');
  });

  test('the same inputs give the same decision; shared results cannot be mutated', () => {
    const i = input({ country: 'UA', subdivisions: ['RU-CRI'] });
    const a = evaluatePolicy(policy, i, 'anthropic');
    assert.deepEqual(evaluatePolicy(policy, i, 'anthropic'), a);
    assert.ok(Object.isFrozen(a.trail[0]));
  });

  test('time comes from the input: a rule starts and ends on its dates', () => {
    const p = compilePolicy(
      unwrap(parsePolicy('version: 1\nlayers:\n  law: { presets: [] }\n  operator:\n    rules: [{ id: operator.w, effect: deny, effective_from: 2026-01-01, effective_until: 2026-02-01 }]\n', { file: 'p.yaml', presets })),
      { presets },
    );
    const when = (iso: string): string => evaluatePolicy(p, { ...input({ country: 'US' }), at: Date.parse(iso) }, 'deepseek').ruleId;
    assert.equal(when('2025-12-31T23:59:59.999Z'), 'operator.default');
    assert.equal(when('2026-01-01T00:00:00Z'), 'operator.w');
    assert.equal(when('2026-01-31T23:59:59.999Z'), 'operator.w');
    assert.equal(when('2026-02-01T00:00:00Z'), 'operator.default');
  });

  test('known providers: configured, preset-named and their terms lists', () => {
    assert.deepEqual(policy.providers, ['my-vllm', 'anthropic', 'deepseek', 'gemini', 'openai']);
    assert.equal(policy.termsLists.get('my-vllm'), null);
    assert.equal(policy.termsLists.get('openai'), 'openai');
  });

  test('a provider bound to a list that does not exist is an error', () => {
    assert.throws(() => compilePolicy(loadDefaultPolicy(presets), { presets, providers: [{ id: 'x', terms: 'nope' }] }), /providers\[0\]\.terms: expected a terms list of the policy/);
  });
});

describe('the stricter of two addresses (a carrier)', () => {
  const carrier = (facts: Partial<Carrier>): Carrier => ({ ...input(facts).origin, ip: '2002:5a0:1::1', kind: '6to4', ...facts });

  test('evaluateForProviders and evaluatePolicy agree; a carrier that denies is named', () => {
    const i = input({ country: 'DE', ip: '5.160.0.1', carrier: carrier({ country: 'IR' }) });
    const ds = evaluateForProviders(policy, i, ['openai', 'deepseek']);
    assert.deepEqual(ds, ['openai', 'deepseek'].map((p) => evaluatePolicy(policy, i, p)));
    assert.deepEqual(ds.map((d) => [d.effect, d.ruleId, d.matched, d.decidedOn]), [
      ['deny', 'law.us_sanctions.ir', 'country=IR', 'carrier'],
      ['deny', 'law.us_sanctions.ir', 'country=IR', 'carrier'],
    ]);
    assert.match(explainDecision(ds[0] as Decision, policy), /^openai: deny by law rule law\.us_sanctions\.ir \(country=IR\) on the carrier address — /);
  });

  test('without a carrier, or with one that has no country, decisions are as before (no decidedOn)', () => {
    for (const c of [undefined, null, carrier({ unknown: 'not_found' })]) {
      const d = evaluatePolicy(policy, input({ country: 'DE', carrier: c }), 'openai');
      assert.deepEqual(d, evaluatePolicy(policy, input({ country: 'DE' }), 'openai'));
      assert.equal('decidedOn' in d, false);
    }
  });

  test('describeOrigin shows the carrier and whether it decides', () => {
    const o = input({ country: 'IR', ip: '5.160.0.1', asn: 42337, carrier: carrier({ kind: 'teredo', ip: '2001:0:4136:e378:8000:63bf:fa5f:fffe', unknown: 'not_found' }) }).origin;
    assert.equal(describeOrigin(o), '5.160.0.1: IR; AS42337\n  carried by Teredo address 2001:0:4136:e378:8000:63bf:fa5f:fffe: unknown location (not_found); no ASN data (no country: only the client address decides)');
    assert.equal(describeOrigin(input({ country: 'FR' }).origin), '192.0.2.1: FR; no ASN data');
  });
});

describe('explainDecision', () => {
  test('a deny, with the rule reason from the policy', () => {
    const text = explainDecision(evaluatePolicy(policy, input({ country: 'CU' }), 'openai'), policy);
    assert.equal(
      text,
      [
        'openai: deny by law rule law.us_sanctions.cu (country=CU) — Cuban Assets Control Regulations (31 CFR 515)',
        '  law       deny   law.us_sanctions.cu (country=CU)',
        `policy ${policy.hash.slice(0, 16)}`,
      ].join('\n'),
    );
  });

  test('an allow, without the policy at hand', () => {
    const text = explainDecision(evaluatePolicy(policy, input({ country: 'DE' }), 'deepseek'));
    assert.equal(
      text,
      [
        'deepseek: allow (no layer denied)',
        '  law       allow  law.default',
        '  terms     allow  terms.deepseek.default',
        '  operator  allow  operator.default',
        `policy ${policy.hash.slice(0, 16)}`,
      ].join('\n'),
    );
  });

  test('built-in results explain themselves', () => {
    const text = explainDecision(evaluatePolicy(policy, input({ country: 'MO' }), 'openai'), policy);
    assert.match(text.split('\n')[0] ?? '', /^openai: deny by terms rule terms\.openai\.unsupported — not on openai's list of supported locations$/);
  });
});
