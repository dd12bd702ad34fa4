/**
 * Preset history and the owners' lists: each terms preset against a copy of its owner's published list
 * (test/fixtures/presets/), the version in force at an instant, the dated sanctions rules, the
 * subdivision aliases, the EU and UK presets, and `cordon presets --json`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Origin } from '../../src/domain/origin.js';
import {
  compilePolicy,
  evaluatePolicy,
  loadDefaultPolicy,
  loadPresetCatalog,
  parsePolicy,
  PolicyValidationError,
  unwrap,
  type PresetSummary,
} from '../../src/policy/index.js';
import { runCli } from '../helpers/cli.js';

const presets = loadPresetCatalog();
const FIXTURES = fileURLToPath(new URL('../fixtures/presets/', import.meta.url));

interface OwnerList {
  readonly preset: string;
  readonly version: string;
  readonly source: string;
  readonly read_on: string;
  readonly licence: string;
  readonly names: readonly string[];
  readonly codes: Readonly<Record<string, string>>;
}

function origin(facts: Partial<Origin>): Origin {
  const country = facts.country ?? null;
  return {
    ip: '192.0.2.1', source: 'socket', country, subdivisions: [], city: null, latitude: null, longitude: null,
    asn: null, org: null, anonymizer: [], unknown: country === null ? 'not_found' : null, ...facts,
  };
}

function compile(text: string) {
  return compilePolicy(unwrap(parsePolicy(text, { file: 'p.yaml', presets })), { presets });
}

const defaultPolicy = compilePolicy(loadDefaultPolicy(presets), { presets });
const decide = (facts: Partial<Origin>, provider: string, iso: string, policy = defaultPolicy) =>
  evaluatePolicy(policy, { origin: origin(facts), account: null, at: Date.parse(iso) }, provider);

describe("each terms preset matches a copy of its owner's published list", () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
  test('there is a copy for every version of every list-bearing preset', () => {
    const expected = [...presets.terms.values()].flatMap((p) => (p.name === 'deepseek' ? [] : p.history.map((v) => `${p.name}-${v.inForceFrom.slice(0, 10)}.json`)));
    assert.deepEqual(files, expected.sort());
  });
  for (const file of files) {
    test(file, () => {
      const owner = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as OwnerList;
      assert.match(owner.source, /^https:\/\//);
      assert.match(owner.read_on, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(owner.licence.length > 20);
      const preset = presets.terms.get(owner.preset);
      const version = preset?.history.find((v) => v.inForceFrom.slice(0, 10) === owner.version);
      assert.ok(version !== undefined, `${owner.preset} has a version ${owner.version}`);
      assert.equal(version.source, owner.source);
      const listed = owner.names.map((name) => {
        const code = owner.codes[name];
        assert.ok(code !== undefined && presets.countries.names.has(code), `${name} maps to an ISO code`);
        return code;
      });
      assert.equal(new Set(listed).size, owner.names.length, 'every name is one place');
      const allowed = version.rules.filter((r) => r.effect === 'allow').flatMap((r) => r.match.country ?? []);
      assert.deepEqual([...allowed].sort(), [...listed].sort(), 'the preset allows exactly what the owner lists');
    });
  }
});

describe('the version in force at an instant', () => {
  test('OpenAI: Aruba and the Faroe Islands are refused before 2026-11-10 and allowed from then', () => {
    for (const country of ['AW', 'FO', 'AX', 'GL']) {
      assert.equal(decide({ country }, 'openai', '2025-01-01T00:00:00Z').ruleId, 'terms.openai.unsupported', country);
      assert.equal(decide({ country }, 'openai', '2026-11-09T23:59:59.999Z').ruleId, 'terms.openai.unsupported', country);
      assert.equal(decide({ country }, 'openai', '2026-11-10T00:00:00Z').effect, 'allow', country);
    }
    assert.equal(decide({ country: 'FR' }, 'openai', '2020-01-01T00:00:00Z').effect, 'allow', 'the first version applies before its date');
  });

  test('Gemini: Andorra from the version read 2026-12-06; Russia never', () => {
    assert.equal(decide({ country: 'AD' }, 'gemini', '2026-12-05T23:59:59.999Z').ruleId, 'terms.gemini.unsupported');
    assert.equal(decide({ country: 'AD' }, 'gemini', '2026-12-06T00:00:00Z').effect, 'allow');
    assert.equal(decide({ country: 'RU' }, 'gemini', '2026-12-06T00:00:00Z').ruleId, 'terms.gemini.unsupported');
    assert.equal(decide({ country: 'US' }, 'gemini', '2026-12-06T00:00:00Z').effect, 'allow');
  });

  test('a new version changes the policy hash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-presets-'));
    try {
      cpSync(presets.dir, dir, { recursive: true });
      const newest = readFileSync(join(dir, 'terms', 'openai', '2026-11-10.yaml'), 'utf8');
      writeFileSync(join(dir, 'terms', 'openai', '2027-01-01.yaml'), newest.replace('in_force_from: 2026-11-10', 'in_force_from: 2027-01-01').replace('AD, AE', 'AD, AE, AI'));
      const other = loadPresetCatalog(dir);
      assert.notEqual(compilePolicy(loadDefaultPolicy(other), { presets: other }).hash, defaultPolicy.hash);
      const policy = compilePolicy(loadDefaultPolicy(other), { presets: other });
      assert.equal(decide({ country: 'AI' }, 'openai', '2026-12-31T23:59:59.999Z', policy).effect, 'deny');
      assert.equal(decide({ country: 'AI' }, 'openai', '2027-01-01T00:00:00Z', policy).effect, 'allow');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a version file must be named by the day it is in force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-presets-'));
    try {
      cpSync(presets.dir, dir, { recursive: true });
      const text = readFileSync(join(dir, 'terms', 'openai', '2026-11-10.yaml'), 'utf8');
      writeFileSync(join(dir, 'terms', 'openai', '2027-01-01.yaml'), text);
      assert.throws(() => loadPresetCatalog(dir), (err: unknown) => err instanceof PolicyValidationError && /named by the day its version is in force/.test(err.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('US sanctions dates', () => {
  test('Syria: denied until 2025-07-01 00:00 EDT, one millisecond either side', () => {
    const end = Date.parse('2025-07-01T00:00:00-04:00');
    const at = (ms: number) => evaluatePolicy(defaultPolicy, { origin: origin({ country: 'SY' }), account: null, at: ms }, 'deepseek').ruleId;
    assert.equal(at(end - 1), 'law.us_sanctions.sy');
    assert.equal(at(end), 'operator.default');
    assert.equal(at(end + 1), 'operator.default');
  });

  test('Crimea from 3:30 p.m. EST on 2014-12-19; the DNR from 2022-02-21 EST', () => {
    const crimea = Date.parse('2014-12-19T15:30:00-05:00');
    const at = (facts: Partial<Origin>, ms: number) => evaluatePolicy(defaultPolicy, { origin: origin(facts), account: null, at: ms }, 'deepseek').ruleId;
    assert.equal(at({ country: 'UA', subdivisions: ['UA-43'] }, crimea - 1), 'operator.default');
    assert.equal(at({ country: 'UA', subdivisions: ['UA-43'] }, crimea), 'law.us_sanctions.crimea');
    assert.equal(at({ country: 'RU', asn: 8654 }, crimea), 'law.us_sanctions.as8654');
    const dnr = Date.parse('2022-02-21T00:00:00-05:00');
    assert.equal(at({ country: 'UA', subdivisions: ['UA-14'] }, dnr - 1), 'operator.default');
    assert.equal(at({ country: 'UA', subdivisions: ['UA-14'] }, dnr), 'law.us_sanctions.dnr');
    assert.equal(at({ country: 'RU', asn: 202279 }, dnr), 'law.us_sanctions.as202279');
  });

  test('every alias of Crimea and Sevastopol matches the rule', () => {
    const at = '2026-06-01T00:00:00Z';
    for (const code of ['UA-43', 'RU-CR', 'RU-CRI']) {
      assert.equal(decide({ country: code.slice(0, 2), subdivisions: [code] }, 'deepseek', at).ruleId, 'law.us_sanctions.crimea', code);
    }
    for (const code of ['UA-40', 'RU-SEV']) {
      assert.equal(decide({ country: code.slice(0, 2), subdivisions: [code] }, 'deepseek', at).ruleId, 'law.us_sanctions.crimea', code);
    }
    for (const [code, rule] of [['RU-DON', 'dnr'], ['RU-LUG', 'lnr']] as const) {
      assert.equal(decide({ country: 'RU', subdivisions: [code] }, 'deepseek', at).ruleId, `law.us_sanctions.${rule}`, code);
    }
  });
});

describe('EU and UK presets', () => {
  const policy = (law: string) => compile(`version: 1\nlayers:\n  law:\n    presets: [${law}]\n`);
  const at = '2026-06-01T00:00:00Z';

  test('each denies Crimea, Sevastopol and the four oblasts (by code or alias), not Kyiv or Cuba', () => {
    for (const name of ['eu-sanctions', 'uk-sanctions']) {
      const p = policy(name);
      const prefix = `law.${name.replace('-', '_')}`;
      for (const code of ['UA-43', 'RU-CR', 'UA-40', 'RU-SEV']) assert.equal(decide({ country: 'UA', subdivisions: [code] }, 'deepseek', at, p).ruleId, `${prefix}.crimea`, `${name} ${code}`);
      for (const code of ['UA-14', 'UA-09', 'RU-DON']) assert.equal(decide({ country: 'UA', subdivisions: [code] }, 'deepseek', at, p).ruleId, `${prefix}.donetsk_luhansk`, `${name} ${code}`);
      for (const code of ['UA-65', 'UA-23', 'RU-ZAP', 'RU-KHE']) assert.equal(decide({ country: 'UA', subdivisions: [code] }, 'deepseek', at, p).ruleId, `${prefix}.kherson_zaporizhzhia`, `${name} ${code}`);
      assert.equal(decide({ country: 'RU', asn: 8654 }, 'deepseek', at, p).ruleId, `${prefix}.crimea_networks`);
      assert.equal(decide({ country: 'UA', subdivisions: ['UA-30'] }, 'deepseek', at, p).effect, 'allow');
      assert.equal(decide({ country: 'CU' }, 'deepseek', at, p).effect, 'allow');
    }
  });

  test('measures start at their own dates', () => {
    const eu = policy('eu-sanctions');
    assert.equal(decide({ country: 'UA', subdivisions: ['UA-65'] }, 'deepseek', '2022-10-05T21:59:59.999Z', eu).effect, 'allow');
    assert.equal(decide({ country: 'UA', subdivisions: ['UA-65'] }, 'deepseek', '2022-10-05T22:00:00Z', eu).ruleId, 'law.eu_sanctions.kherson_zaporizhzhia');
    const uk = policy('uk-sanctions');
    assert.equal(decide({ country: 'UA', subdivisions: ['UA-43'] }, 'deepseek', '2020-12-31T22:59:59.999Z', uk).effect, 'allow');
    assert.equal(decide({ country: 'UA', subdivisions: ['UA-43'] }, 'deepseek', '2020-12-31T23:00:00Z', uk).ruleId, 'law.uk_sanctions.crimea');
  });

  test('a policy combines presets at the law layer, in order', () => {
    const both = policy('us-sanctions, eu-sanctions');
    assert.equal(decide({ country: 'CU' }, 'deepseek', at, both).ruleId, 'law.us_sanctions.cu');
    assert.equal(decide({ country: 'UA', subdivisions: ['UA-43'] }, 'deepseek', at, both).ruleId, 'law.us_sanctions.crimea');
    assert.equal(decide({ country: 'UA', subdivisions: ['UA-65'] }, 'deepseek', at, both).ruleId, 'law.eu_sanctions.kherson_zaporizhzhia');
  });
});

describe('cordon presets', () => {
  test('--json: one object per preset with source, read date, in-force date, entry counts and versions', () => {
    const run = runCli(['presets', '--json'], { cwd: process.cwd() });
    assert.equal(run.status, 0, run.stderr);
    const list = JSON.parse(run.stdout) as PresetSummary[];
    assert.deepEqual(list.map((p) => `${p.kind}:${p.name}`), ['terms:anthropic', 'terms:deepseek', 'terms:gemini', 'terms:openai', 'law:eu-sanctions', 'law:uk-sanctions', 'law:us-sanctions']);
    const openai = list.find((p) => p.name === 'openai');
    assert.deepEqual(openai, {
      name: 'openai',
      kind: 'terms',
      default: 'deny',
      in_force_from: '2026-11-10',
      read_on: '2026-12-06',
      source: 'https://help.openai.com/en/articles/5347006-openai-api-supported-countries-and-territories',
      entries: { countries: 197, subdivisions: 4, asns: 0 },
      versions: [
        { in_force_from: '2026-01-24', read_on: '2026-12-06', source: 'https://developers.openai.com/api/docs/supported-countries', entries: { countries: 188, subdivisions: 4, asns: 0 } },
        { in_force_from: '2026-11-10', read_on: '2026-12-06', source: 'https://help.openai.com/en/articles/5347006-openai-api-supported-countries-and-territories', entries: { countries: 197, subdivisions: 4, asns: 0 } },
      ],
    });
    assert.deepEqual(list.find((p) => p.name === 'us-sanctions')?.entries, { countries: 4, subdivisions: 4, asns: 15 });
    assert.equal(list.find((p) => p.name === 'us-sanctions')?.in_force_from, '2025-07-01T00:00:00-04:00');
    const text = runCli(['presets'], { cwd: process.cwd() });
    assert.match(text.stdout, /^PRESET\s+KIND\s+IN FORCE FROM\s+READ\s+VERSIONS\s+ENTRIES\s+SOURCE$/m);
    assert.match(text.stdout, /^gemini\s+terms\s+2026-12-06\s+2026-12-06\s+2\s+223 countries\s+https:\/\/ai\.google\.dev/m);
  });
});
