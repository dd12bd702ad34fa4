import assert from 'node:assert/strict';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildAsnIndex, splitCsvLine } from '../../../src/origin/asn/asn-csv.js';
import { loadBundledAsnIndex } from '../../../src/origin/asn/asn-index-cache.js';
import { AsnIndex } from '../../../src/origin/asn/asn-index.js';
import { parseIpv4, parseIpv6 } from '../../../src/origin/address/ip.js';
import { tempDir } from '../geo-test-helpers.js';

const IPV4 = [
  '16777216,16777471,13335,"Cloudflare, Inc."', // 1.0.0.0/24
  '134744064,134744319,15169,Google LLC', // 8.8.8.0/24
  '33554432,33554687,64500,"The ""Quoted"" Org"', // 2.0.0.0/24, out of order on purpose
  '50331648,50331903,64501,', // 3.0.0.0/24, no organisation
].join('\n');
const IPV6 = [
  '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC',
  '2a00:1450:4000::,2a00:1450:4000:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\r',
].join('\n');

const v4 = (ip: string) => parseIpv4(ip);
const v6 = (ip: string) => {
  const words = parseIpv6(ip);
  if (words === null) throw new Error(ip);
  return words;
};

describe('ASN CSV', () => {
  test('lines split with quoted organisations', () => {
    assert.deepEqual(splitCsvLine('1,2,3,"A, B"'), ['1', '2', '3', 'A, B']);
    assert.deepEqual(splitCsvLine('1,2,3,"Say ""hi"""'), ['1', '2', '3', 'Say "hi"']);
    assert.deepEqual(splitCsvLine('1,2,3,'), ['1', '2', '3', '']);
    assert.equal(splitCsvLine('1,2'), null);
  });

  test('bad lines are reported with their number', () => {
    assert.throws(() => buildAsnIndex({ ipv4NumCsv: '1,2,3,x\nfoo,2,3,x', ipv6Csv: '' }), /line 2: start "foo"/);
    assert.throws(() => buildAsnIndex({ ipv4NumCsv: '', ipv6Csv: 'zz,2001::,1,x' }), /asn-ipv6.csv line 1/);
  });
});

describe('AsnIndex', () => {
  const index = buildAsnIndex({ ipv4NumCsv: IPV4, ipv6Csv: IPV6 });
  const cases: Array<[string, { asn: number; org: string | null } | null]> = [
    ['1.0.0.0', { asn: 13335, org: 'Cloudflare, Inc.' }],
    ['1.0.0.255', { asn: 13335, org: 'Cloudflare, Inc.' }],
    ['1.0.1.0', null],
    ['0.255.255.255', null],
    ['2.0.0.7', { asn: 64500, org: 'The "Quoted" Org' }],
    ['3.0.0.1', { asn: 64501, org: null }],
    ['8.8.8.8', { asn: 15169, org: 'Google LLC' }],
    ['255.255.255.255', null],
  ];
  for (const [ip, expected] of cases) {
    test(`IPv4 ${ip}`, () => assert.deepEqual(index.lookupV4(v4(ip)), expected));
  }

  test('IPv6 ranges', () => {
    assert.deepEqual(index.lookupV6(v6('2001:4860:4860::8888')), { asn: 15169, org: 'Google LLC' });
    assert.deepEqual(index.lookupV6(v6('2a00:1450:4000:ffff:ffff:ffff:ffff:ffff')), { asn: 15169, org: 'Google LLC' });
    assert.equal(index.lookupV6(v6('2a00:1450:4001::')), null);
    assert.equal(index.lookupV6(v6('2001:4859:ffff::')), null);
    assert.equal(index.lookupV6(v6('::')), null);
  });

  test('serialises and reads back, only with the same key', () => {
    const bytes = index.serialize('key-1');
    const back = AsnIndex.deserialize(bytes, 'key-1');
    assert.ok(back);
    assert.equal(back.rangeCount, 6);
    assert.deepEqual(back.lookupV4(v4('2.0.0.7')), { asn: 64500, org: 'The "Quoted" Org' });
    assert.deepEqual(back.lookupV6(v6('2001:4860::1')), { asn: 15169, org: 'Google LLC' });
    assert.equal(AsnIndex.deserialize(bytes, 'key-2'), null, 'built from other data');
    assert.equal(AsnIndex.deserialize(bytes.subarray(0, bytes.length - 3), 'key-1'), null, 'truncated');
    assert.equal(AsnIndex.deserialize(Buffer.from('garbage garbage'), 'key-1'), null);
  });
});

describe('ASN index cache', () => {
  test('built once, read back, rebuilt when a CSV changes', async () => {
    const dir = await tempDir();
    const files = { packageVersion: '2.3.2026061719', ipv4NumCsv: join(dir.path, 'v4.csv'), ipv6Csv: join(dir.path, 'v6.csv') };
    await writeFile(files.ipv4NumCsv, IPV4);
    await writeFile(files.ipv6Csv, IPV6);
    const cacheDir = join(dir.path, 'cache');

    const cold = await loadBundledAsnIndex(files, cacheDir);
    assert.equal(cold.built, true);
    assert.equal(cold.cacheError, null);
    const warm = await loadBundledAsnIndex(files, cacheDir);
    assert.equal(warm.built, false);
    assert.equal(warm.cacheFile, cold.cacheFile);
    assert.deepEqual(warm.index.lookupV4(v4('8.8.8.8')), { asn: 15169, org: 'Google LLC' });

    await writeFile(files.ipv4NumCsv, '134744064,134744319,64999,Changed\n');
    await utimes(files.ipv4NumCsv, new Date('2030-01-01'), new Date('2030-01-01'));
    const rebuilt = await loadBundledAsnIndex(files, cacheDir);
    assert.equal(rebuilt.built, true);
    assert.notEqual(rebuilt.cacheFile, cold.cacheFile);
    assert.deepEqual(rebuilt.index.lookupV4(v4('8.8.8.8')), { asn: 64999, org: 'Changed' });
    assert.deepEqual(await readdir(cacheDir), [rebuilt.cacheFile.slice(cacheDir.length + 1)], 'the stale cache was removed');
    await dir.remove();
  });

  test('an unwritable cache directory still gives a working index', async () => {
    const dir = await tempDir();
    const files = { packageVersion: 'x', ipv4NumCsv: join(dir.path, 'v4.csv'), ipv6Csv: join(dir.path, 'v6.csv') };
    await writeFile(files.ipv4NumCsv, IPV4);
    await writeFile(files.ipv6Csv, IPV6);
    const blocker = join(dir.path, 'not-a-dir');
    await writeFile(blocker, '');
    const loaded = await loadBundledAsnIndex(files, join(blocker, 'cache'));
    assert.equal(loaded.built, true);
    assert.match(loaded.cacheError ?? '', /ENOTDIR|EEXIST/);
    assert.equal(loaded.index.lookupV4(v4('1.0.0.1'))?.asn, 13335);
    await dir.remove();
  });
});
