/**
 * The default install: the bundled flat GeoLite2 City files and the bundled ASN index.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { defaultBundledLocationFiles } from '../../../src/origin/index.js';
import { startService, tempDir, type ServiceUnderTest } from '../geo-test-helpers.js';

describe('bundled databases', () => {
  let s: ServiceUnderTest;
  let cache: { path: string; remove: () => Promise<void> };
  before(async () => {
    cache = await tempDir();
    s = await startService({ location: defaultBundledLocationFiles(), asn: 'bundled', cacheDir: cache.path });
  });
  after(async () => {
    await s.close();
    await cache.remove();
  });

  test('the bundled files are found through module resolution', () => {
    const files = defaultBundledLocationFiles();
    assert.equal(files.length, 2);
    assert.match(files[0] ?? '', /@ip-location-db\/geolite2-city-mmdb\/geolite2-city-ipv4\.mmdb$/);
    assert.match(files[1] ?? '', /geolite2-city-ipv6\.mmdb$/);
  });

  test('Crimea: UA, UA-43, Simferopol, CrimeaCom', () => {
    const facts = s.service.lookup('91.194.163.10');
    assert.equal(facts.country, 'UA');
    assert.ok(facts.subdivisions.includes('UA-43'), `subdivisions ${facts.subdivisions.join(',')}`);
    assert.equal(facts.city, 'Simferopol');
    assert.equal(facts.asn, 28761);
    assert.equal(facts.unknown, null);
  });

  test('8.8.8.8: US, AS15169', () => {
    const facts = s.service.lookup('8.8.8.8');
    assert.equal(facts.country, 'US');
    assert.equal(facts.asn, 15169);
    assert.match(facts.org ?? '', /Google/);
  });

  test('IPv6 2001:4860:4860::8888: US, AS15169', () => {
    const facts = s.service.lookup('2001:4860:4860::8888');
    assert.equal(facts.country, 'US');
    assert.equal(facts.asn, 15169);
  });

  test('78.140.218.10 (KRYMTELECOM): RU by the data', () => {
    assert.equal(s.service.lookup('78.140.218.10').country, 'RU');
  });

  test('IPv4-mapped input gives the IPv4 answer', () => {
    assert.deepEqual(s.service.lookup('::ffff:91.194.163.10'), s.service.lookup('91.194.163.10'));
  });

  test('private and loopback addresses are not looked up', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '::1', 'fe80::1', '::ffff:192.168.1.1', '100.64.0.1']) {
      const facts = s.service.lookup(ip);
      assert.equal(facts.unknown, 'private', ip);
      assert.equal(facts.country, null, ip);
      assert.equal(facts.asn, null, ip);
    }
  });

  test('text that is not an address gives not_found, never a throw', () => {
    assert.equal(s.service.lookup('not-an-ip').unknown, 'not_found');
    assert.equal(s.service.lookup('').unknown, 'not_found');
  });

  test('an address that carries an IPv4 address is located as that address, with its own facts beside', () => {
    const iran = s.service.locate('5.160.0.1');
    assert.deepEqual([iran.facts.country, iran.facts.asn, iran.carrier], ['IR', 42337, null]);
    const forms: Array<[string, string]> = [
      ['2001:0:4136:e378:8000:63bf:fa5f:fffe', 'teredo'],
      ['2002:5a0:1::1', '6to4'],
      ['64:ff9b::5.160.0.1', 'nat64'],
      ['64:ff9b:1::5.160.0.1', 'nat64'],
      ['::5.160.0.1', 'ipv4_compatible'],
      ['::ffff:0:5.160.0.1', 'ipv4_translated'],
    ];
    for (const [ip, kind] of forms) {
      const located = s.service.locate(ip);
      assert.equal(located.ip, '5.160.0.1', ip);
      assert.equal(located.facts, iran.facts, `${ip}: the IPv4 address's facts, cached once`);
      assert.deepEqual([located.carrier?.kind, located.carrier?.ip], [kind, ip.replace('5.160.0.1', '5a0:1')], ip);
      assert.equal(s.service.lookup(ip), located.carrier?.facts, `${ip}: lookup gives the databases on the IPv6 address itself`);
    }
    // The IPv6 address's own facts: 6to4 space is routed (AS6939 announces 2002::/16) but has no country.
    const sixToFour = s.service.locate('2002:5a0:1::1').carrier?.facts;
    assert.deepEqual([sixToFour?.country, sixToFour?.asn, sixToFour?.unknown], [null, 6939, 'not_found']);
    // Forms in space that is not globally reachable are not looked up as themselves.
    for (const ip of ['64:ff9b:1::5.160.0.1', '::5.160.0.1', '::ffff:0:5.160.0.1']) assert.equal(s.service.locate(ip).carrier?.facts.unknown, 'private', ip);
    // IPv4-mapped is the IPv4 address, no carrier.
    assert.deepEqual([s.service.locate('::ffff:5.160.0.1').ip, s.service.locate('::ffff:5.160.0.1').carrier], ['5.160.0.1', null]);
  });

  test('a carrier of a private address is private; a native IPv6 address has no carrier', () => {
    const teredoPrivate = s.service.locate('2001:0:4136:e378:8000:63bf:f5ff:fffe');
    assert.deepEqual([teredoPrivate.ip, teredoPrivate.facts.unknown, teredoPrivate.carrier?.kind], ['10.0.0.1', 'private', 'teredo']);
    assert.equal(s.service.locate('2002:a00:1::1').facts.unknown, 'private');
    const native = s.service.locate('2a01:5ec0::1');
    assert.deepEqual([native.ip, native.facts.country, native.carrier], ['2a01:5ec0::1', 'IR', null]);
  });

  test('status lists both city files and the ASN index', () => {
    const status = s.service.status();
    assert.equal(status.locationAvailable, true);
    const [v4, v6, asn] = status.files;
    assert.equal(v4?.schema, 'flat');
    assert.equal(v4?.type, 'city ipv4');
    assert.equal(v4?.ipVersion, 4);
    assert.equal(v6?.ipVersion, 6);
    assert.ok((v4?.nodeCount ?? 0) > 1_000_000);
    assert.equal(asn?.role, 'asn');
    assert.equal(asn?.schema, 'ip-location-db-csv');
    assert.match(asn?.buildDate ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.ok((asn?.recordCount ?? 0) > 400_000);
  });

  test('the ASN index was built once and cached', async () => {
    assert.equal(s.events.filter((e) => e.type === 'asn_index_built').length, 1);
    const files = await readdir(cache.path);
    assert.equal(files.filter((f) => /^asn-index-[0-9a-f]{16}\.bin$/.test(f)).length, 1);
    const again = await startService({ location: [], asn: 'bundled', cacheDir: cache.path });
    assert.equal(again.events.filter((e) => e.type === 'asn_index_built').length, 0, 'warm start reads the cache');
    assert.equal(again.service.lookup('8.8.8.8').asn, 15169);
    await again.close();
  });
});
