import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { subdivisionAliases } from '../../src/geo/index.js';
import { flatLocation } from '../../src/geo/record-mapping.js';
import { loadSubdivisionNames, normalizeSubdivisionName, stripGenericWords, SubdivisionNames } from '../../src/geo/subdivision-names.js';

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

describe('subdivisionAliases', () => {
  const cases: Array<[string, string[]]> = [
    ['UA-43', ['RU-CRI']],
    ['RU-CRI', ['UA-43']],
    ['UA-40', ['RU-SEV']],
    ['RU-SEV', ['UA-40']],
    ['UA-14', ['RU-DON']],
    ['RU-LUG', ['UA-09']],
    ['ua-23', ['RU-ZAP']],
    ['RU-KHE', ['UA-65']],
    ['UA-30', []],
    ['RU-MOW', []],
  ];
  for (const [code, expected] of cases) test(`${code} → [${expected.join(', ')}]`, () => assert.deepEqual(subdivisionAliases(code), expected));
});

describe('SubdivisionNames built from a table', () => {
  test('exact spelling wins over the loose match', () => {
    const names = new SubdivisionNames({
      source: 'test',
      as_of: '2026-11-28',
      names: { XA: { Springfield: 'XA-01', 'Springfield Province': 'XA-02' } },
    });
    assert.equal(names.lookup('XA', 'springfield'), 'XA-01');
    assert.equal(names.lookup('XA', 'Springfield Province'), 'XA-02');
    assert.equal(names.lookup('XA', 'Springfield Region'), null, 'ambiguous loosely');
  });
});
