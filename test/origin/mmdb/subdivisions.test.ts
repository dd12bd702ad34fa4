import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DATASET_SUBDIVISION_CODES, subdivisionCodesFromData } from '../../../src/origin/index.js';
import { loadPresetCatalog } from '../../../src/policy/index.js';
import { flatLocation } from '../../../src/origin/mmdb/record-mapping.js';
import type { SubdivisionNames } from '../../../src/origin/mmdb/subdivision-names.js';
import { loadSubdivisionNames, normalizeSubdivisionName, stripGenericWords } from '../../../src/origin/mmdb/subdivision-names.js';

describe('subdivision name normalisation', () => {
  const cases: Array<[string, string]> = [
    ['Kherson Oblast', 'kherson oblast'],
    ['Khmel’nyts’ka oblast', 'khmelnytska oblast'],
    ["Kyïv", 'kyiv'],
    ['North Ossetia–Alania', 'north ossetia alania'],
    ['St.-Petersburg', 'st petersburg'],
    ['  ÎLE-DE-FRANCE ', 'ile de france'],
  ];
  for (const [input, expected] of cases) test(input, () => assert.equal(normalizeSubdivisionName(input), expected));

  test('generic words are stripped for the loose match', () => {
    assert.equal(stripGenericWords('kherson oblast'), 'kherson');
    assert.equal(stripGenericWords('republic of crimea'), 'crimea');
    assert.equal(stripGenericWords('oblast'), 'oblast', 'never strips a name to nothing');
  });
});

describe('the shipped names table', () => {
  let names: SubdivisionNames;
  before(async () => {
    names = await loadSubdivisionNames();
  });

  const required: Array<[string, string, string]> = [
    ['UA', 'Crimea', 'UA-43'],
    ['UA', 'Autonomous Republic of Crimea', 'UA-43'],
    ['UA', 'Sevastopol', 'UA-40'],
    ['UA', 'Sebastopol City', 'UA-40'],
    ['UA', 'Donetsk', 'UA-14'],
    ['UA', 'Donetsk Oblast', 'UA-14'],
    ['UA', 'Luhansk', 'UA-09'],
    ['UA', 'Zaporizhzhia', 'UA-23'],
    ['UA', 'Zaporizhzhia Oblast', 'UA-23'],
    ['UA', 'Kherson Oblast', 'UA-65'],
    ['UA', 'Kyiv City', 'UA-30'],
    ['UA', 'Kyiv Oblast', 'UA-32'],
    // robust to spelling
    ['UA', 'KHERSON oblast', 'UA-65'],
    ['UA', 'Kherson Region', 'UA-65'],
    ['UA', 'Kherson Province', 'UA-65'],
    ['UA', 'Zaporizhzhia’ Oblast', 'UA-23'],
    ['UA', 'Donets’k', 'UA-14'],
  ];
  for (const [country, name, code] of required) {
    test(`${country} "${name}" → ${code}`, () => assert.equal(names.lookup(country, name), code));
  }

  test('occupied regions written under RU map to the dataset alias', () => {
    assert.equal(names.lookup('RU', 'Crimea'), 'RU-CRI');
    assert.equal(names.lookup('RU', 'Sevastopol'), 'RU-SEV');
    assert.equal(names.lookup('RU', 'Kherson Oblast'), 'RU-KHE');
  });

  test('a stem shared by two regions matches neither by the loose rule', () => {
    assert.equal(names.lookup('UA', 'Kyiv Region'), null, '"kyiv" is both the city and the oblast');
  });

  test('unknown names and other countries give null', () => {
    assert.equal(names.lookup('UA', 'Atlantis'), null);
    assert.equal(names.lookup('FR', 'Crimea'), null);
    assert.equal(names.lookup('UA', ''), null);
  });

  test('common names of other countries are covered', () => {
    assert.equal(names.lookup('US', 'California'), 'US-CA');
    assert.equal(names.lookup('RU', 'Moscow'), 'RU-MOW');
  });

  test('flat records map to ISO codes, aliases expanded beside the ISO code', () => {
    const ua = flatLocation({ country_code: 'UA', state1: 'Crimea', state2: '', city: 'Simferopol', latitude: 44.9, longitude: 34.1 }, names);
    assert.deepEqual(ua, { country: 'UA', subdivisions: ['UA-43'], city: 'Simferopol', latitude: 44.9, longitude: 34.1 });
    const ru = flatLocation({ country_code: 'RU', state1: 'Crimea', state2: '', city: '', latitude: 0, longitude: 0 }, names);
    assert.deepEqual(ru?.subdivisions, ['UA-43', 'RU-CRI']);
    assert.equal(ru?.city, null);
  });
});

describe('dataset subdivision codes', () => {
  const cases: Array<[string, string[]]> = [
    ['RU-CR', ['UA-43', 'RU-CR']],
    ['RU-CRI', ['UA-43', 'RU-CRI']],
    ['RU-SEV', ['UA-40', 'RU-SEV']],
    ['RU-DON', ['UA-14', 'RU-DON']],
    ['RU-LUG', ['UA-09', 'RU-LUG']],
    ['RU-ZAP', ['UA-23', 'RU-ZAP']],
    ['RU-KHE', ['UA-65', 'RU-KHE']],
    ['UA-43', ['UA-43']],
    ['RU-MOW', ['RU-MOW']],
  ];
  for (const [code, expected] of cases) test(`${code} → [${expected.join(', ')}]`, () => assert.deepEqual(subdivisionCodesFromData(code), expected));

  test("every dataset code is an alias of its ISO code in the presets' alias table, and every alias there is a dataset code", () => {
    const groups = loadPresetCatalog().subdivisionAliases;
    for (const [dataset, iso] of DATASET_SUBDIVISION_CODES) assert.ok(groups.get(iso)?.includes(dataset), `${dataset} → ${iso} is not in data/presets/subdivision-aliases.yaml`);
    for (const [code, aliases] of groups) {
      if (!code.startsWith('UA-')) continue;
      for (const alias of aliases) assert.equal(DATASET_SUBDIVISION_CODES.get(alias), code, `${alias} (an alias of ${code} in the presets) is missing from src/origin/mmdb/subdivision-aliases.ts`);
    }
  });
});
