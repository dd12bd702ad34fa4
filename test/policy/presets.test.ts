/** The shipped preset data: sizes of the provider lists, metadata, aliases, and the default policy. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatIssue, loadDefaultPolicy, loadPresetCatalog, parseInstant, PolicyValidationError, versionAt, type TermsPreset } from '../../src/policy/index.js';

const presets = loadPresetCatalog();

function supported(p: TermsPreset | undefined, at = Date.now()): string[] {
  const version = p === undefined ? undefined : versionAt(p.history, at);
  const rule = version?.rules.find((r) => r.effect === 'allow' && r.match.country !== undefined);
  return [...(rule?.match.country ?? [])];
}

describe('provider terms presets', () => {
  test('openai: an allow-list of 197 codes since 2026-11-10, 188 countries before; default deny', () => {
    const openai = presets.terms.get('openai');
    assert.equal(openai?.default, 'deny');
    assert.deepEqual(openai?.versions.map((v) => v.inForceFrom), ['2026-01-24', '2026-11-10']);
    const codes = supported(openai);
    assert.equal(codes.length, 197);
    assert.equal(new Set(codes).size, 197);
    const before = supported(openai, Date.parse('2026-11-09T23:59:59Z'));
    assert.equal(before.length, 188);
    assert.deepEqual(codes.filter((c) => !before.includes(c)).sort(), ['AW', 'AX', 'BM', 'FO', 'GF', 'GL', 'KY', 'PF', 'TF']);
    assert.deepEqual(before.filter((c) => !codes.includes(c)), []);
    for (const absent of ['CN', 'HK', 'MO', 'RU', 'BY', 'IR', 'KP', 'CU', 'VE', 'SY', 'PR', 'GU', 'VI', 'RE', 'XK']) assert.ok(!codes.includes(absent), absent);
  });

  test('anthropic: the 175 countries of its API page, no territories', () => {
    const anthropic = supported(presets.terms.get('anthropic'));
    assert.equal(anthropic.length, 175);
    const openai = supported(presets.terms.get('openai'));
    assert.deepEqual(openai.filter((c) => !anthropic.includes(c)).sort(), ['AF', 'AW', 'AX', 'BM', 'CD', 'CF', 'ER', 'ET', 'FO', 'GF', 'GL', 'KY', 'LY', 'ML', 'MM', 'NI', 'PF', 'SD', 'SO', 'SS', 'TF', 'YE']);
    assert.deepEqual(anthropic.filter((c) => !openai.includes(c)), []);
  });

  test('the Ukraine exceptions come before the allow-list in every version', () => {
    for (const name of ['openai', 'anthropic']) {
      for (const version of presets.terms.get(name)?.history ?? []) {
        assert.equal(version.rules[0]?.id, `terms.${name}.ua_exceptions`);
        assert.deepEqual(version.rules[0]?.match.subdivision, ['UA-43', 'UA-40', 'UA-14', 'UA-09']);
        assert.equal(version.rules[1]?.id, `terms.${name}.supported`);
      }
    }
  });

  test('gemini is an allow-list (default deny): 222 places from 2025-11-19, 223 with Andorra now; deepseek has no list', () => {
    const gemini = presets.terms.get('gemini');
    assert.equal(gemini?.default, 'deny');
    assert.equal(supported(gemini, Date.parse('2026-01-01T00:00:00Z')).length, 222);
    const now = supported(gemini);
    assert.equal(now.length, 223);
    assert.ok(now.includes('AD') && now.includes('XK') && now.includes('UA'));
    for (const absent of ['CN', 'HK', 'MO', 'RU', 'BY', 'IR', 'KP', 'CU', 'SY', 'AF', 'MM']) assert.ok(!now.includes(absent), absent);
    assert.deepEqual(presets.terms.get('deepseek')?.rules, []);
    assert.equal(presets.terms.get('deepseek')?.default, 'allow');
  });

  test('every version of every preset names its source, the day it was read, its in-force date and notes', () => {
    for (const p of [...presets.terms.values(), ...presets.law.values()]) {
      for (const v of p.versions) {
        assert.match(v.source, /^https:\/\//, p.name);
        assert.match(v.readOn, /^\d{4}-\d{2}-\d{2}$/, p.name);
        assert.ok(parseInstant(v.inForceFrom) !== null, p.name);
        assert.ok(v.notes.length > 20, p.name);
      }
      assert.equal(p.inForceFrom, p.versions[p.versions.length - 1]?.inForceFrom, p.name);
    }
  });
});

describe('law presets', () => {
  test('us-sanctions: rule ids, every Ukrainian rule dated at the instant its order states', () => {
    const rules = presets.law.get('us-sanctions')?.rules ?? [];
    const crimeaNets = ['as28761', 'as56587', 'as215167', 'as201776', 'as8654', 'as44139', 'as198899', 'as47939', 'as200007'];
    const dnrLnrNets = ['as39089', 'as202279', 'as214721', 'as206810', 'as208890', 'as29031'];
    assert.deepEqual(
      rules.map((r) => r.id),
      ['cu', 'ir', 'kp', 'crimea', 'dnr', 'lnr', 'sy', ...crimeaNets, ...dnrLnrNets].map((s) => `law.us_sanctions.${s}`),
    );
    const byId = (s: string) => rules.find((r) => r.id === `law.us_sanctions.${s}`);
    assert.equal(byId('sy')?.effectiveUntil, Date.parse('2025-07-01T04:00:00Z'));
    for (const s of ['crimea', ...crimeaNets]) assert.equal(byId(s)?.effectiveFrom, Date.parse('2014-12-19T20:30:00Z'), s);
    for (const s of ['dnr', 'lnr', ...dnrLnrNets]) assert.equal(byId(s)?.effectiveFrom, Date.parse('2022-02-21T05:00:00Z'), s);
    assert.ok(rules.every((r) => r.effect === 'deny' && r.reason !== null));
    assert.match(byId('dnr')?.reason ?? '', /FAQ 1009/);
    for (const s of [...crimeaNets.slice(4), ...dnrLnrNets]) assert.match(byId(s)?.reason ?? '', /registered organisation/, s);
  });

  test('eu-sanctions and uk-sanctions: dated territorial measures, opt-in', () => {
    const ids = (name: string) => (presets.law.get(name)?.rules ?? []).map((r) => r.id);
    assert.deepEqual(ids('eu-sanctions'), ['crimea', 'donetsk_luhansk', 'kherson_zaporizhzhia', 'crimea_networks', 'donetsk_luhansk_networks'].map((s) => `law.eu_sanctions.${s}`));
    assert.deepEqual(ids('uk-sanctions'), ['crimea', 'donetsk_luhansk', 'kherson_zaporizhzhia', 'crimea_networks', 'donetsk_luhansk_networks'].map((s) => `law.uk_sanctions.${s}`));
    for (const name of ['eu-sanctions', 'uk-sanctions']) {
      for (const r of presets.law.get(name)?.rules ?? []) assert.ok(r.effectiveFrom !== null && r.reason !== null, r.id);
    }
    assert.deepEqual(loadDefaultPolicy(presets).layers.law.presets, ['us-sanctions']);
  });
});

describe('data', () => {
  test('ISO 3166-1: 249 assigned codes plus XK', () => {
    assert.equal(presets.countries.names.size, 250);
    assert.equal(presets.countries.names.get('XK'), 'Kosovo');
    assert.ok(!presets.countries.names.has('UK'));
  });

  test('subdivision aliases are symmetric', () => {
    const pairs = [['UA-40', 'RU-SEV'], ['UA-14', 'RU-DON'], ['UA-09', 'RU-LUG'], ['UA-23', 'RU-ZAP'], ['UA-65', 'RU-KHE']];
    for (const [a, b] of pairs) {
      assert.deepEqual(presets.subdivisionAliases.get(a as string), [b]);
      assert.deepEqual(presets.subdivisionAliases.get(b as string), [a]);
    }
    assert.deepEqual(presets.subdivisionAliases.get('UA-43'), ['RU-CR', 'RU-CRI']);
    assert.deepEqual(presets.subdivisionAliases.get('RU-CR'), ['RU-CRI', 'UA-43']);
    assert.deepEqual(presets.subdivisionAliases.get('RU-CRI'), ['RU-CR', 'UA-43']);
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
      writeFileSync(join(dir, 'terms', 'extra.yaml'), 'source: x\nread_on: 2026-13\nin_force_from: 2026-01-01\nnotes: n\ndefault: allow\nrules:\n  - { id: terms.other.x, effect: deny, match: { country: [ZZ] } }\n');
      assert.throws(
        () => loadPresetCatalog(dir),
        (err: unknown) => {
          assert.ok(err instanceof PolicyValidationError);
          const lines = err.issues.map(formatIssue);
          const file = join(dir, 'terms', 'extra.yaml');
          assert.ok(lines.includes(`${file}:2:10: read_on: expected a date such as "2026-12-06", got "2026-13"`), lines.join('\n'));
          assert.ok(lines.includes(`${file}:7:59: rules[0].match.country[0]: expected an ISO 3166-1 alpha-2 code such as "US", got "ZZ"`), lines.join('\n'));
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
