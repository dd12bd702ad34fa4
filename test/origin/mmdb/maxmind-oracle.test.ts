/**
 * MaxMind's own test databases against their source JSON: for every network, the first and the last
 * address must give that network's record. Expected facts are computed from the JSON here, not by
 * the code under test.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { GeoFacts } from '../../../src/domain/origin.js';
import { classifyAddress } from '../../../src/origin/index.js';
import { networkBounds, readOracle, startService, tempDir, testdataPath, type ServiceUnderTest } from '../geo-test-helpers.js';

type Rec = Record<string, unknown>;
const obj = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Runs `check` on the first and last address of every network; returns how many were private. */
async function forEveryNetwork(
  oracle: string,
  service: ServiceUnderTest,
  check: (facts: GeoFacts, record: Rec, where: string) => void,
): Promise<{ checked: number; privateSkipped: string[] }> {
  const networks = await readOracle(oracle);
  const privateSkipped: string[] = [];
  let checked = 0;
  for (const [network, record] of networks) {
    const { first, last } = networkBounds(network);
    for (const ip of [first, last]) {
      const facts = service.service.lookup(ip);
      if (classifyAddress(ip) === 'private') {
        assert.equal(facts.unknown, 'private', `${ip} (${network}) is private and must not be looked up`);
        privateSkipped.push(network);
        continue;
      }
      check(facts, record, `${ip} in ${network}`);
      checked++;
    }
  }
  return { checked, privateSkipped: [...new Set(privateSkipped)] };
}

function expectLocation(facts: GeoFacts, record: Rec, where: string): void {
  const country = str(obj(record['country'])['iso_code']);
  if (country === null) {
    assert.equal(facts.country, null, where);
    assert.equal(facts.unknown, 'not_found', where);
    return;
  }
  const subdivisions = Array.isArray(record['subdivisions'])
    ? record['subdivisions'].map((s) => `${country}-${str(obj(s)['iso_code'])}`)
    : [];
  const location = obj(record['location']);
  assert.deepEqual(
    {
      country: facts.country,
      subdivisions: facts.subdivisions,
      city: facts.city,
      latitude: facts.latitude,
      longitude: facts.longitude,
      unknown: facts.unknown,
    },
    {
      country,
      subdivisions,
      city: str(obj(obj(record['city'])['names'])['en']),
      latitude: typeof location['latitude'] === 'number' ? location['latitude'] : null,
      longitude: typeof location['longitude'] === 'number' ? location['longitude'] : null,
      unknown: null,
    },
    where,
  );
}

for (const [name, oracle] of [
  ['GeoIP2-City-Test.mmdb', 'GeoIP2-City-Test.json'],
  ['GeoIP2-Country-Test.mmdb', 'GeoIP2-Country-Test.json'],
] as const) {
  describe(`location oracle: ${name}`, () => {
    let s: ServiceUnderTest;
    before(async () => {
      s = await startService({ location: [testdataPath(name)] });
    });
    after(() => s.close());

    test('every network answers with its record (first and last address)', async () => {
      const { checked, privateSkipped } = await forEveryNetwork(oracle, s, expectLocation);
      assert.ok(checked > 400, `checked ${checked} addresses`);
      assert.deepEqual(privateSkipped, []);
    });

    test('status describes the file', () => {
      const [file] = s.service.status().files;
      assert.equal(file?.loaded, true);
      assert.equal(file?.schema, 'geoip2');
      assert.equal(file?.type, name.replace('.mmdb', '').replace('-Test', ''));
      assert.equal(file?.ipVersion, 6);
      assert.ok((file?.nodeCount ?? 0) > 1000);
      assert.equal(file?.lastError, null);
    });
  });
}

describe('location oracle: known answers', () => {
  test('City: a GB address with an English subdivision and a city', async () => {
    const s = await startService({ location: [testdataPath('GeoIP2-City-Test.mmdb')] });
    const facts = s.service.lookup('81.2.69.160');
    assert.equal(facts.country, 'GB');
    assert.deepEqual(facts.subdivisions, ['GB-ENG']);
    assert.equal(facts.city, 'London');
    assert.equal(s.service.lookup('::ffff:81.2.69.160').city, 'London', 'IPv4-mapped input is unwrapped');
    await s.close();
  });
});

describe('ASN oracles', () => {
  for (const [name, oracle, orgOf] of [
    ['GeoLite2-ASN-Test.mmdb', 'GeoLite2-ASN-Test.json', (r: Rec) => str(r['autonomous_system_organization'])],
    [
      'GeoIP2-ISP-Test.mmdb',
      'GeoIP2-ISP-Test.json',
      (r: Rec) => str(r['autonomous_system_organization']) ?? str(r['organization']) ?? str(r['isp']),
    ],
  ] as const) {
    test(`${name}: every network gives its ASN and organisation`, async () => {
      const s = await startService({ asn: testdataPath(name) });
      const { checked, privateSkipped } = await forEveryNetwork(oracle, s, (facts, record, where) => {
        const asn = typeof record['autonomous_system_number'] === 'number' ? record['autonomous_system_number'] : null;
        assert.deepEqual({ asn: facts.asn, org: facts.org }, { asn, org: orgOf(record) }, where);
        assert.equal(facts.unknown, 'geo_unavailable', 'no location database configured');
      });
      assert.ok(checked > 1000, `checked ${checked}`);
      assert.deepEqual(privateSkipped, []);
      await s.close();
    });
  }
});

describe('Anonymous-IP oracle', () => {
  const FLAGS: Array<[string, string]> = [
    ['is_anonymous_vpn', 'vpn'],
    ['is_hosting_provider', 'hosting'],
    ['is_public_proxy', 'public_proxy'],
    ['is_residential_proxy', 'residential_proxy'],
    ['is_tor_exit_node', 'tor'],
  ];

  test('every network gives its anonymizer flags, sorted', async () => {
    const s = await startService({ anonymousIp: testdataPath('GeoIP2-Anonymous-IP-Test.mmdb') });
    const { checked, privateSkipped } = await forEveryNetwork('GeoIP2-Anonymous-IP-Test.json', s, (facts, record, where) => {
      const expected = FLAGS.filter(([key]) => record[key] === true)
        .map(([, flag]) => flag)
        .sort();
      assert.deepEqual(facts.anonymizer, expected, where);
    });
    assert.equal(checked, 22);
    // abcd:1000::/112 lies outside global unicast (2000::/3): never a real client.
    assert.deepEqual(privateSkipped, ['abcd:1000::/112']);
    assert.deepEqual(s.service.lookup('81.2.69.1').anonymizer, ['hosting', 'public_proxy', 'residential_proxy', 'tor', 'vpn']);
    await s.close();
  });
});

describe('corrupt databases are refused with a clear error', () => {
  for (const [name, reason] of [
    ['GeoIP2-City-Test-Broken-Double-Format.mmdb', /corrupt MMDB file: a double of 5 bytes/],
    ['GeoIP2-City-Test-Invalid-Node-Count.mmdb', /corrupt MMDB file: node_count 100000 needs a 700000-byte search tree/],
  ] as const) {
    test(`${name} at open: reported, lookups give geo_unavailable`, async () => {
      const path = testdataPath(name);
      const s = await startService({ location: [path] });
      const [file] = s.service.status().files;
      assert.equal(file?.loaded, false);
      assert.match(file?.lastError ?? '', reason);
      assert.ok(file?.lastError?.startsWith(path), 'the error names the file');
      assert.equal(s.events[0]?.type, 'load_failed');
      assert.equal(s.service.status().locationAvailable, false);
      const facts = s.service.lookup('81.2.69.160');
      assert.equal(facts.unknown, 'geo_unavailable');
      assert.equal(facts.country, null);
      await s.close();
    });
  }

  test('truncated, gzip-compressed and empty files are refused', async () => {
    const dir = await tempDir();
    const original = await readFile(testdataPath('GeoIP2-City-Test.mmdb'));
    const cases: Array<[string, Buffer, RegExp]> = [
      ['truncated.mmdb', original.subarray(0, original.length - 200), /corrupt MMDB file/],
      ['tree-only.mmdb', original.subarray(0, 12_000), /corrupt MMDB file: no MaxMind DB metadata marker/],
      ['flipped.mmdb', Buffer.concat([original.subarray(0, 11_000), Buffer.alloc(64, 0xff), original.subarray(11_064)]), /corrupt MMDB file/],
      ['compressed.mmdb', gzipSync(original), /gzip-compressed/],
      ['empty.mmdb', Buffer.alloc(0), /file is empty/],
    ];
    for (const [name, bytes, reason] of cases) {
      const path = join(dir.path, name);
      await writeFile(path, bytes);
      const s = await startService({ location: [path] });
      assert.match(s.service.status().files[0]?.lastError ?? '', reason, name);
      assert.equal(s.service.lookup('81.2.69.160').unknown, 'geo_unavailable', name);
      await s.close();
    }
    await dir.remove();
  });

  test('a database of the wrong kind is refused', async () => {
    const s = await startService({ location: [testdataPath('GeoLite2-ASN-Test.mmdb')] });
    assert.match(s.service.status().files[0]?.lastError ?? '', /is a asn database \("GeoLite2-ASN"\), configured as location/);
    await s.close();
  });
});
