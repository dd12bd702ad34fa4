/** The shipped preset data: sizes of the provider lists, metadata, aliases, and the default policy. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatIssue, loadDefaultPolicy, loadPresetCatalog, PolicyValidationError, type TermsPreset } from '../../src/policy/index.js';

const presets = loadPresetCatalog();

function supported(p: TermsPreset | undefined): string[] {
  const rule = p?.rules.find((r) => r.effect === 'allow' && r.match.country !== undefined);
  return [...(rule?.match.country ?? [])];
}

describe('provider terms presets', () => {
  test('openai is an allow-list of exactly 219 codes, default deny', () => {
    const openai = presets.terms.get('openai');
    assert.equal(openai?.default, 'deny');
    const codes = supported(openai);
    assert.equal(codes.length, 219);
    assert.equal(new Set(codes).size, 219);
    for (const absent of ['CN', 'HK', 'MO', 'RU', 'BY', 'IR', 'KP', 'CU', 'VE', 'SY']) assert.ok(!codes.includes(absent), absent);
    assert.ok(codes.includes('MP') && !codes.includes('MI'), 'zed typo MI corrected to MP');
  });

  test('anthropic is exactly 206 codes: openai minus 13', () => {
    const anthropic = supported(presets.terms.get('anthropic'));
    assert.equal(anthropic.length, 206);
    const removed = supported(presets.terms.get('openai')).filter((c) => !anthropic.includes(c));
    assert.deepEqual(removed.sort(), ['AF', 'CD', 'CF', 'ER', 'ET', 'LY', 'ML', 'MM', 'NI', 'SD', 'SO', 'SS', 'YE']);
  });

  test('the Ukraine exceptions come before the allow-list', () => {
    for (const name of ['openai', 'anthropic']) {
      const rules = presets.terms.get(name)?.rules ?? [];
      assert.equal(rules[0]?.id, `terms.${name}.ua_exceptions`);
      assert.deepEqual(rules[0]?.match.subdivision, ['UA-43', 'UA-40', 'UA-14', 'UA-09']);
      assert.equal(rules[1]?.id, `terms.${name}.supported`);
    }
  });

  test('gemini is marked partial and unverified; deepseek has no list', () => {
    assert.match(presets.terms.get('gemini')?.notes ?? '', /PARTIAL AND UNVERIFIED/);
    assert.equal(presets.terms.get('gemini')?.default, 'allow');
    assert.deepEqual(presets.terms.get('deepseek')?.rules, []);
    assert.equal(presets.terms.get('deepseek')?.default, 'allow');
  });

  test('every preset names its source, date and notes', () => {
    for (const p of [...presets.terms.values(), ...presets.law.values()]) {
      assert.match(p.source, /^https:\/\//, p.name);
      assert.match(p.asOf, /^\d{4}-\d{2}/, p.name);
      assert.ok(p.notes.length > 20, p.name);
    }
  });
});

describe('law presets', () => {
  test('us-sanctions: rule ids and the dated Syria rule', () => {
    const rules = presets.law.get('us-sanctions')?.rules ?? [];
    assert.deepEqual(
      rules.map((r) => r.id),
      ['cu', 'ir', 'kp', 'crimea', 'dnr', 'lnr', 'sy', 'as28761', 'as56587', 'as215167', 'as201776'].map((s) => `law.us_sanctions.${s}`),
    );
    const sy = rules.find((r) => r.id === 'law.us_sanctions.sy');
    assert.equal(sy?.effectiveUntil, Date.parse('2025-07-01T00:00:00Z'));
    assert.ok(rules.every((r) => r.effect === 'deny' && r.reason !== null));
    assert.match(rules.find((r) => r.id === 'law.us_sanctions.dnr')?.reason ?? '', /FAQ 1009/);
  });
});

describe('data', () => {
  test('ISO 3166-1: 249 assigned codes plus XK', () => {
    assert.equal(presets.countries.names.size, 250);
    assert.equal(presets.countries.names.get('XK'), 'Kosovo');
    assert.ok(!presets.countries.names.has('UK'));
  });

  test('subdivision aliases are symmetric', () => {
    const pairs = [['UA-43', 'RU-CRI'], ['UA-40', 'RU-SEV'], ['UA-14', 'RU-DON'], ['UA-09', 'RU-LUG'], ['UA-23', 'RU-ZAP'], ['UA-65', 'RU-KHE']];
    for (const [a, b] of pairs) {
      assert.deepEqual(presets.subdivisionAliases.get(a as string), [b]);
      assert.deepEqual(presets.subdivisionAliases.get(b as string), [a]);
    }
  });

  test('the default policy loads: us-sanctions and the four provider presets', () => {
    const doc = loadDefaultPolicy(presets);
    assert.deepEqual(doc.layers.law.presets, ['us-sanctions']);
    assert.deepEqual(doc.layers.law.unknown, { private: 'allow', notFound: 'allow', geoUnavailable: 'deny', hidden: 'deny' });
    assert.deepEqual(doc.layers.terms.unknown, { private: 'allow', notFound: 'default', geoUnavailable: 'default', hidden: 'default' });
    assert.deepEqual(Object.keys(doc.layers.terms.lists).sort(), ['anthropic', 'deepseek', 'gemini', 'openai']);
    assert.equal(doc.layers.operator.default, 'allow');
  });
});

describe('loading presets from another directory', () => {
  test('a broken preset is reported with its file and path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-presets-'));
    try {
      cpSync(loadPresetCatalog().dir, dir, { recursive: true });
      writeFileSync(join(dir, 'terms', 'extra.yaml'), 'source: x\nas_of: 2026-13\nnotes: n\ndefault: allow\nrules:\n  - { id: terms.other.x, effect: deny, match: { country: [ZZ] } }\n');
      assert.throws(
        () => loadPresetCatalog(dir),
        (err: unknown) => {
          assert.ok(err instanceof PolicyValidationError);
          const lines = err.issues.map(formatIssue);
          const file = join(dir, 'terms', 'extra.yaml');
          assert.ok(lines.includes(`${file}:2:8: as_of: expected a date such as "2026-11" or "2026-11-28", got "2026-13"`), lines.join('\n'));
          assert.ok(lines.includes(`${file}:6:59: rules[0].match.country[0]: expected an ISO 3166-1 alpha-2 code such as "US", got "ZZ"`), lines.join('\n'));
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
