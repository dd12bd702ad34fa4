/** List formats: Tor bulk list and exit-addresses, CIDR lists, ASN lists (plain and the shipped YAML). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { originOf, UNKNOWN_GEO } from '../../../src/domain/origin.js';
import { originEvidence } from '../../../src/enforcement/index.js';
import { anonymizerHits, BUNDLED_HOSTING_ASNS, listedFlags, ListFormatError, NO_LISTS, parseAsnList, parseCidrListText, parseTorExitList, unionFlags } from '../../../src/origin/index.js';

const EXIT_ADDRESSES = `ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E
Published 2026-11-27 21:39:04
LastStatus 2026-11-28 03:00:00
ExitAddress 162.247.74.201 2026-11-28 03:12:47
ExitNode 0041E3FF02E77CFD6C2B6A3C1F2B0D83C3A2D2A5
Published 2026-11-27 20:10:00
LastStatus 2026-11-28 02:00:00
ExitAddress 185.220.101.1 2026-11-27 23:00:00
ExitAddress 162.247.74.201 2026-11-26 01:00:00
`;

describe('Tor exit lists', () => {
  test('the bulk list: one IPv4 per line, comments and junk skipped', () => {
    const { list, format, skipped } = parseTorExitList('# torbulkexitlist\n185.220.101.1\n162.247.74.201\r\nnot-an-ip\n\n');
    assert.equal(format, 'bulk');
    assert.equal(list.size, 2);
    assert.equal(skipped, 1);
    assert.equal(list.lastSeen('185.220.101.1'), null);
    assert.equal(list.lastSeen('8.8.8.8'), undefined);
  });

  test('exit-addresses: the newest date per address is its last seen time', () => {
    const { list, format, skipped } = parseTorExitList(EXIT_ADDRESSES);
    assert.equal(format, 'exit-addresses');
    assert.equal(skipped, 0);
    assert.equal(list.size, 2);
    assert.equal(list.lastSeen('162.247.74.201'), Date.UTC(2026, 10, 28, 3, 12, 47));
    assert.equal(list.lastSeen('185.220.101.1'), Date.UTC(2026, 10, 27, 23));
  });

  test('a listed exit is a Tor hit with its last seen time', () => {
    const lists = { ...NO_LISTS, tor: parseTorExitList(EXIT_ADDRESSES).list };
    assert.deepEqual(anonymizerHits('185.220.101.1', UNKNOWN_GEO, lists), [{ flag: 'tor', source: 'tor_list', lastSeen: '2026-11-27T23:00:00.000Z' }]);
  });
});

describe('CIDR and ASN lists', () => {
  test('CIDR list: blocks, bare addresses, IPv6, comments', () => {
    const set = parseCidrListText('# vpn exits\n198.51.100.0/24  # provider A\n203.0.113.7\n2001:db8:1::/48\n');
    assert.ok(set.has('198.51.100.77'));
    assert.ok(set.has('203.0.113.7'));
    assert.ok(!set.has('203.0.113.8'));
    assert.ok(set.has('2001:db8:1:ffff::1'));
  });

  test('a bad CIDR line is named by its line number', () => {
    assert.throws(() => parseCidrListText('# header\n\n10.0.0.1/8\n'), (e) => e instanceof ListFormatError && e.line === 3 && /host bits/.test(e.message));
  });

  test('plain ASN list: AS123 or 123, one per line', () => {
    assert.deepEqual([...parseAsnList('AS16509\n# comment\n15169  # google\nas13335\n', { yaml: false }).asns], [16509, 15169, 13335]);
    assert.throws(() => parseAsnList('AS16509\nAmazon\n', { yaml: false }), (e) => e instanceof ListFormatError && e.line === 2);
  });

  test('the shipped hosting list has its source, date and the reference ASNs', () => {
    const list = parseAsnList(readFileSync(BUNDLED_HOSTING_ASNS, 'utf8'), { yaml: true });
    assert.match(list.source ?? '', /anonymizers\.md/);
    assert.match(list.asOf ?? '', /^\d{4}-\d{2}-\d{2}$/);
    for (const asn of [16509, 15169, 8075, 14061, 24940, 9009, 13335, 21859]) assert.ok(list.asns.has(asn), String(asn));
    assert.ok(!list.asns.has(4766), 'no residential telecom (Korea Telecom)');
  });

  test('list hits combine geo flags, CIDR lists and ASN lists; relay is dropped', () => {
    const lists = { ...NO_LISTS, cidr: [{ set: parseCidrListText('203.0.113.0/24'), flag: 'vpn' as const, source: 'vpn.txt' }], asn: [{ asns: new Set([16509]), flag: 'hosting' as const, source: 'hosting.yaml' }] };
    const facts = { ...UNKNOWN_GEO, asn: 16509, anonymizer: ['public_proxy', 'relay'] as const };
    assert.deepEqual(anonymizerHits('203.0.113.5', facts, lists), [
      { flag: 'public_proxy', source: 'geo' },
      { flag: 'vpn', source: 'vpn.txt' },
      { flag: 'hosting', source: 'hosting.yaml' },
    ]);
  });
});

describe('list flags in the origin are not counted twice', () => {
  const lists = { ...NO_LISTS, tor: parseTorExitList(EXIT_ADDRESSES).list };
  /** The origin as the gateway's resolver builds it: the geo flags joined with the lists'. */
  const originFor = (ip: string, geoFlags: readonly ('tor' | 'vpn')[]) => {
    const facts = { ...UNKNOWN_GEO, anonymizer: geoFlags };
    return originOf(facts, ip, 'forwarded', unionFlags(facts.anonymizer, listedFlags(lists, ip, facts.asn)));
  };

  test('a Tor-listed exit carries tor in its origin, and is reported once, from the list', () => {
    const origin = originFor('185.220.101.1', []);
    assert.deepEqual(origin.anonymizer, ['tor']);
    assert.deepEqual(anonymizerHits(origin.ip, origin, lists), [{ flag: 'tor', source: 'tor_list', lastSeen: '2026-11-27T23:00:00.000Z' }]);
    assert.deepEqual(originEvidence(origin).anonymizer, [], 'the violation\'s origin keeps the geo data\'s flags, as before');
  });

  test('a flag both the geo data and a list give is a hit from each, as before', () => {
    const origin = originFor('185.220.101.1', ['tor', 'vpn']);
    assert.deepEqual(origin.anonymizer, ['tor', 'vpn']);
    assert.deepEqual(anonymizerHits(origin.ip, origin, lists).map((h) => [h.flag, h.source]), [['tor', 'geo'], ['vpn', 'geo'], ['tor', 'tor_list']]);
  });
});
