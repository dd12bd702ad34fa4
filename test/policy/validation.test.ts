/** Validation messages name the file, the line, the path, and what was expected. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIssue, loadPresetCatalog, parsePolicy, readPolicyFile, type PolicyIssue } from '../../src/policy/index.js';

const presets = loadPresetCatalog();

function problems(yaml: string): string[] {
  const r = parsePolicy(yaml, { file: 'policy.yaml', presets });
  assert.equal(r.ok, false, 'expected the document to be invalid');
  return r.ok ? [] : r.issues.map(formatIssue);
}

function issues(yaml: string): readonly PolicyIssue[] {
  const r = parsePolicy(yaml, { file: 'policy.yaml', presets });
  return r.ok ? [] : r.issues;
}

const law = 'version: 1\nlayers:\n  law:\n    presets: [us-sanctions]\n';

function operatorRules(rules: string): string {
  return `${law}  operator:\n    rules:\n${rules}`;
}

describe('error messages', () => {
  test('a bad country code: file, line, path and the expectation', () => {
    const yaml = operatorRules([
      '      - { id: operator.a, effect: deny, match: { country: [CN] } }',
      '      - { id: operator.b, effect: deny, match: { country: [DE] } }',
      '      - id: operator.c',
      '        effect: deny',
      '        match: { country: [USA] }',
      '',
    ].join('\n'));
    const [issue] = issues(yaml);
    assert.deepEqual(issue, {
      file: 'policy.yaml',
      path: 'layers.operator.rules[2].match.country[0]',
      line: 11,
      column: 28,
      message: 'expected an ISO 3166-1 alpha-2 code such as "US", got "USA"',
    });
    assert.equal(formatIssue(issue as PolicyIssue), 'policy.yaml:11:28: layers.operator.rules[2].match.country[0]: expected an ISO 3166-1 alpha-2 code such as "US", got "USA"');
  });

  test('lower-case codes get a hint', () => {
    const [line] = problems(operatorRules('      - { id: operator.a, effect: deny, match: { country: [cn] } }\n'));
    assert.match(line ?? '', /got "cn" \(codes are upper case\)$/);
  });

  test('subdivision, ASN, anonymizer, effect and dates', () => {
    const lines = problems(operatorRules([
      '      - id: operator.a',
      '        effect: block',
      '        match: { subdivision: [Crimea], asn: ["AS28761", 1.5], anonymizer: [vpnx] }',
      '        effective_from: "2026-01-01T10:00"',
      '',
    ].join('\n')));
    const at = (path: string): string | undefined => lines.find((l) => l.includes(`: ${path}: `))?.split(`: ${path}: `)[1];
    assert.equal(at('layers.operator.rules[0].effect'), 'expected one of allow, deny, got "block"');
    assert.equal(at('layers.operator.rules[0].match.subdivision[0]'), 'expected an ISO 3166-2 code such as "UA-43", got "Crimea"');
    assert.equal(at('layers.operator.rules[0].match.asn[0]'), 'expected a number, got "AS28761"');
    assert.equal(at('layers.operator.rules[0].match.asn[1]'), 'expected a whole number, got 1.5');
    assert.equal(at('layers.operator.rules[0].match.anonymizer[0]'), 'expected one of tor, vpn, public_proxy, residential_proxy, hosting, relay, got "vpnx"');
    assert.equal(
      at('layers.operator.rules[0].effective_from'),
      'expected an ISO date such as "2026-01-01" or a date-time with a zone such as "2026-01-01T00:00:00Z", got "2026-01-01T10:00"',
    );
  });

  test('effective_until must come after effective_from; impossible dates are rejected', () => {
    const lines = problems(operatorRules([
      '      - { id: operator.a, effect: deny, effective_from: 2027-01-01, effective_until: 2026-01-01 }',
      '      - { id: operator.b, effect: deny, effective_from: 2026-02-30 }',
      '',
    ].join('\n')));
    assert.ok(lines.some((l) => l.endsWith('layers.operator.rules[0].effective_until: expected a time after effective_from (2027-01-01), got "2026-01-01"')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('layers.operator.rules[1].effective_from: expected an ISO date')), lines.join('\n'));
  });

  test('unknown-origin settings', () => {
    const lines = problems(`${law}    unknown_origin: maybe\n    geo_unavailable: { private: deny }\n  operator:\n    unknown_origin: { private: deny, not_found: perhaps }\n`);
    const expected = 'expected allow, deny or default, or a mapping { private: …, not_found: … } of those';
    assert.ok(lines.includes(`policy.yaml:5:21: layers.law.unknown_origin: ${expected}`), lines.join('\n'));
    assert.ok(lines.includes('policy.yaml:6:22: layers.law.geo_unavailable: expected one of allow, deny, default, got a mapping'), lines.join('\n'));
    assert.ok(lines.some((l) => l.endsWith(`layers.operator.unknown_origin: ${expected}`)), lines.join('\n'));
  });

  test('a missing key and a wrong version', () => {
    const lines = problems('version: 2\nlayers: {}\n');
    assert.ok(lines.includes('policy.yaml:1:10: version: expected 1, got 2'), lines.join('\n'));
    assert.ok(lines.includes('policy.yaml:2:9: layers.law: missing (expected a mapping)'), lines.join('\n'));
  });

  test('YAML syntax errors carry a line', () => {
    const [line] = problems('version: 1\nlayers: [\n');
    assert.match(line ?? '', /^policy\.yaml:\d+:\d+: invalid YAML: /);
  });

  test('a file that does not exist', () => {
    const r = readPolicyFile('test/policy/policies/does-not-exist.yaml', presets);
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.issues.map(formatIssue), ['test/policy/policies/does-not-exist.yaml: file not found']);
  });
});

describe('unknown keys are errors', () => {
  test('at the top, in a layer, in a rule and in a match', () => {
    const lines = problems([
      'version: 1',
      'colour: blue',
      'layers:',
      '  law: { presets: [], defualt: deny }',
      '  operator:',
      '    rules:',
      '      - { id: operator.a, effect: deny, match: { contry: [CN] }, why: x }',
      '',
    ].join('\n'));
    assert.ok(lines.includes('policy.yaml:2:9: colour: unknown key "colour" (expected one of: version, description, layers)'), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('policy.yaml:4:') && l.includes('layers.law.defualt: unknown key "defualt" (expected one of: presets, default, unknown_origin, geo_unavailable, hidden_origin, rules)')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('layers.operator.rules[0].why: unknown key "why"')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('layers.operator.rules[0].match.contry: unknown key "contry" (expected one of: country, subdivision, asn, anonymizer, tenant, registered_country, registered_country_differs, unknown_origin)')), lines.join('\n'));
  });

  test('in a terms entry and a scope', () => {
    const lines = problems([
      law.trimEnd(),
      '  terms:',
      '    providers:',
      '      openai: { preset: openai, extra: 1 }',
      '  operator:',
      '    rules: [{ id: operator.a, effect: deny, providers: { only: [x], besides: [y] } }]',
      '',
    ].join('\n'));
    assert.ok(lines.some((l) => l.includes('layers.terms.providers.openai.extra: unknown key "extra"')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('layers.operator.rules[0].providers.besides: unknown key "besides"')), lines.join('\n'));
  });
});

describe('rule ids', () => {
  test('duplicate ids within the document', () => {
    const lines = problems(operatorRules('      - { id: operator.a, effect: deny }\n      - { id: operator.a, effect: allow }\n'));
    assert.deepEqual(lines, ['policy.yaml:8:15: layers.operator.rules[1].id: duplicate rule id "operator.a" (first used in policy.yaml at layers.operator.rules[0])']);
  });

  test('an id that a preset already uses', () => {
    const lines = problems(`${law}    rules: [{ id: law.us_sanctions.cu, effect: deny, match: { country: [CU] } }]\n`);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /layers\.law\.rules\[0\]\.id: duplicate rule id "law\.us_sanctions\.cu" \(first used in .*us-sanctions\/2025-07-01\.yaml at rules\[0\]\)$/);
  });

  test('ids the engine uses for layer results are reserved', () => {
    const lines = problems(operatorRules('      - { id: operator.default, effect: deny }\n'));
    assert.deepEqual(lines, ['policy.yaml:7:15: layers.operator.rules[0].id: rule id "operator.default" is used by the engine for a layer result; choose another']);
    const terms = problems(`${law}  terms:\n    providers:\n      x: { default: allow, rules: [{ id: terms.x.unsupported, effect: deny }] }\n`);
    assert.match(terms[0] ?? '', /rule id "terms\.x\.unsupported" is used by the engine/);
  });

  test('ids carry their layer prefix', () => {
    const lines = problems(`${law}    rules: [{ id: operator.x, effect: deny }]\n  terms:\n    providers:\n      x: { default: allow, rules: [{ id: terms.y.z, effect: deny }] }\n`);
    assert.ok(lines.some((l) => l.endsWith('layers.law.rules[0].id: expected a rule id starting with "law.", got "operator.x"')), lines.join('\n'));
    assert.ok(lines.some((l) => l.endsWith('layers.terms.providers.x.rules[0].id: expected a rule id starting with "terms.x.", got "terms.y.z"')), lines.join('\n'));
  });

  test('ids are dotted, lower case', () => {
    const [line] = problems(operatorRules('      - { id: Operator.Block, effect: deny }\n'));
    assert.match(line ?? '', /layers\.operator\.rules\[0\]\.id: expected a dotted rule id starting with its layer, such as "operator\.block_tor"/);
  });
});

describe('presets named by the document', () => {
  test('unknown law and terms presets', () => {
    const lines = problems('version: 1\nlayers:\n  law: { presets: [eu-sanction] }\n  terms:\n    providers:\n      mistral: { preset: mistral }\n');
    assert.ok(lines.includes('policy.yaml:3:20: layers.law.presets[0]: expected a law preset name (one of: eu-sanctions, uk-sanctions, us-sanctions), got "eu-sanction"'), lines.join('\n'));
    assert.ok(lines.some((l) => l.endsWith('layers.terms.providers.mistral.preset: expected a terms preset name (one of: anthropic, deepseek, gemini, openai), got "mistral"')), lines.join('\n'));
  });

  test('a preset is used under its own name', () => {
    const lines = problems(`${law}  terms:\n    providers:\n      oai: { preset: openai }\n`);
    assert.match(lines[0] ?? '', /layers\.terms\.providers\.oai\.preset: expected "oai" \(a preset is used under its own name/);
  });

  test('a terms entry is a preset or an inline list with a default', () => {
    const lines = problems(`${law}  terms:\n    providers:\n      a: {}\n      openai: { preset: openai, default: allow }\n`);
    assert.ok(lines.some((l) => l.endsWith('layers.terms.providers.a.default: expected a preset name or a default (allow or deny)')), lines.join('\n'));
    assert.ok(lines.some((l) => l.endsWith('layers.terms.providers.openai.default: expected no default next to a preset (the preset sets it)')), lines.join('\n'));
  });

  test('a valid document', () => {
    const r = parsePolicy(`${law}  terms:\n    providers:\n      openai: { preset: openai, rules: [{ id: terms.openai.no_kherson, effect: deny, match: { subdivision: [UA-65] } }] }\n`, { file: 'p.yaml', presets });
    assert.equal(r.ok, true, r.ok ? '' : r.issues.map(formatIssue).join('\n'));
  });
});
