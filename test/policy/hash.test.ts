/** The policy hash: stable for the same document, different when a preset changes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, compilePolicy, loadDefaultPolicy, loadPresetCatalog, parsePolicy, unwrap } from '../../src/policy/index.js';

const presets = loadPresetCatalog();

function hashOf(yaml: string, catalog = presets): string {
  return compilePolicy(unwrap(parsePolicy(yaml, { file: 'p.yaml', presets: catalog })), { presets: catalog }).hash;
}

const doc = `version: 1
layers:
  law: { presets: [us-sanctions] }
  operator:
    rules:
      - { id: operator.no_tor, effect: deny, match: { anonymizer: [tor] }, effective_from: 2026-01-01 }
`;

describe('policy hash', () => {
  test('is SHA-256 hex', () => {
    assert.match(hashOf(doc), /^[0-9a-f]{64}$/);
  });

  test('the same document gives the same hash, whatever the layout, comments and key order', () => {
    const same = `# a comment
layers:
  operator:
    rules:
      - effective_from: "2026-01-01T00:00:00Z"
        match:
          anonymizer: [tor]
        effect: deny
        id: operator.no_tor
  law:
    presets: [us-sanctions]
    default: allow            # the default, written out
version: 1
`;
    assert.equal(hashOf(doc), hashOf(doc));
    assert.equal(hashOf(same), hashOf(doc));
  });

  test('does not depend on how providers are wired', () => {
    const d = loadDefaultPolicy(presets);
    assert.equal(compilePolicy(d, { presets }).hash, compilePolicy(d, { presets, providers: [{ id: 'azure', terms: 'openai' }] }).hash);
  });

  test('a rule change changes it', () => {
    assert.notEqual(hashOf(doc.replace('tor]', 'tor, vpn]')), hashOf(doc));
    assert.notEqual(hashOf(doc.replace('2026-01-01', '2026-01-02')), hashOf(doc));
  });

  test('a preset edit changes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-presets-'));
    try {
      cpSync(presets.dir, dir, { recursive: true });
      assert.equal(hashOf(doc, loadPresetCatalog(dir)), hashOf(doc), 'a copy of the presets hashes the same');
      // The document does not name the openai list: it applies implicitly, so its data is covered too.
      const file = join(dir, 'terms', 'openai', '2026-11-10.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('ZM, ZW', 'ZM, ZW, MO'));
      assert.notEqual(hashOf(doc, loadPresetCatalog(dir)), hashOf(doc));
      const law = join(dir, 'law', 'us-sanctions', '2025-07-01.yaml');
      writeFileSync(law, readFileSync(law, 'utf8').replace('effective_until: 2025-07-01T00:00:00-04:00', 'effective_until: 2025-07-02T00:00:00-04:00'));
      assert.notEqual(hashOf(doc, loadPresetCatalog(dir)), hashOf(doc));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an alias table edit changes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-presets-'));
    try {
      cpSync(presets.dir, dir, { recursive: true });
      const file = join(dir, 'subdivision-aliases.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('UA-65: [RU-KHE]', 'UA-65: [RU-KHE, RU-KHS]'));
      assert.notEqual(hashOf(doc, loadPresetCatalog(dir)), hashOf(doc));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('canonical JSON', () => {
  test('sorts keys at every depth and drops undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: null }], c: undefined } }), '{"a":{"d":[2,{"e":null,"f":1}]},"b":1}');
  });
  test('refuses non-finite numbers', () => {
    assert.throws(() => canonicalJson({ a: Infinity }), TypeError);
  });
});
