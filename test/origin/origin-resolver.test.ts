import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeoFacts } from '../../src/domain/origin.js';
import { UNKNOWN_GEO } from '../../src/domain/origin.js';
import { createOriginResolver, listedFlags, NO_LISTS, openListFiles, parseCidrList, parseCidrListText, parseTorExitList, type AnonymizerLists, type GeoLookup } from '../../src/origin/index.js';

/** A fake geo port: a fixed table, so the resolver's own logic is what is tested. */
const table: Record<string, GeoFacts> = {
  '8.8.8.8': { ...UNKNOWN_GEO, country: 'US', unknown: null, asn: 15169 },
  '91.194.163.10': { ...UNKNOWN_GEO, country: 'UA', subdivisions: ['UA-43'], city: 'Simferopol', unknown: null },
  // The Anonymous-IP database says VPN and Tor; frozen, as the geo lookup's flags are.
  '185.220.101.1': { ...UNKNOWN_GEO, country: 'DE', unknown: null, asn: 60729, anonymizer: Object.freeze(['tor', 'vpn'] as const) },
  '51.15.0.1': { ...UNKNOWN_GEO, country: 'FR', unknown: null, asn: 12876, anonymizer: Object.freeze(['relay'] as const) },
};
const lookup = (ip: string): GeoFacts => table[ip] ?? { ...UNKNOWN_GEO, unknown: ip.startsWith('10.') || ip.startsWith('127.') ? 'private' : 'not_found' };
/** A Teredo address carrying 5.160.0.1 (Iran, in the bundled data) whose own address the data places in NL. */
const TEREDO = '2001:0:4136:e378:8000:63bf:fa5f:fffe';
const geo: GeoLookup = {
  lookup,
  locate: (ip) =>
    ip === TEREDO
      ? { ip: '5.160.0.1', facts: { ...UNKNOWN_GEO, country: 'IR', unknown: null, asn: 42337 }, carrier: { kind: 'teredo', ip, facts: { ...UNKNOWN_GEO, country: 'NL', unknown: null } } }
      : { ip, facts: lookup(ip), carrier: null },
  status: () => ({ locationAvailable: true, files: [] }),
};

describe('origin resolver', () => {
  const trusted = parseCidrList(['10.0.0.0/8']);

  test('forwarding headers count only from a trusted peer', () => {
    const ignored: string[] = [];
    const r = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null, onIgnoredForwarding: (p) => ignored.push(p) });
    assert.equal(r.resolve({ socketIp: '10.1.2.3', headers: { 'x-forwarded-for': '8.8.8.8' } }).country, 'US');
    const spoofed = r.resolve({ socketIp: '::ffff:127.0.0.1', headers: { 'x-forwarded-for': '8.8.8.8' } });
    assert.equal(spoofed.ip, '127.0.0.1');
    assert.equal(spoofed.source, 'socket');
    assert.equal(spoofed.unknown, 'private');
    assert.deepEqual(ignored, ['127.0.0.1'], 'a private untrusted peer sending XFF is reported (a load balancer missing from trusted_proxies?)');
  });

  test('a country header is used only when configured and sent by a trusted peer', () => {
    const r = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: 'cf-ipcountry' });
    const fromEdge = r.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '91.194.163.10', 'cf-ipcountry': 'RU' } });
    assert.equal(fromEdge.country, 'RU');
    assert.deepEqual(fromEdge.subdivisions, [], 'subdivisions of another country no longer apply');
    const same = r.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '91.194.163.10', 'cf-ipcountry': 'UA' } });
    assert.deepEqual(same.subdivisions, ['UA-43'], 'agreeing header keeps the finer facts');
    const untrusted = r.resolve({ socketIp: '8.8.8.8', headers: { 'cf-ipcountry': 'KP' } });
    assert.equal(untrusted.country, 'US');
    const tor = r.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '8.8.8.8', 'cf-ipcountry': 'T1' } });
    assert.equal(tor.country, 'US', 'T1 (Tor) and XX are not countries');
    const off = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null });
    assert.equal(off.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '8.8.8.8', 'cf-ipcountry': 'KP' } }).country, 'US');
  });
});

describe('origin resolver: one forwarding header, hidden clients', () => {
  const trusted = parseCidrList(['10.0.0.0/8']);

  test('only the configured header is read; the other is ignored, and reported', () => {
    const other: string[] = [];
    const viaXff = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null, onOtherHeader: (h, peer) => other.push(`${h} from ${peer}`) });
    // nginx appended the real client to X-Forwarded-For and passed the client's own Forwarded through.
    const spoofed = viaXff.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '91.194.163.10', forwarded: 'for=8.8.8.8' } });
    assert.deepEqual([spoofed.ip, spoofed.country], ['91.194.163.10', 'UA']);
    assert.deepEqual(other, ['forwarded from 10.0.0.1']);
    const viaForwarded = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'forwarded', countryHeader: null });
    const o = viaForwarded.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '8.8.8.8', forwarded: 'for=91.194.163.10' } });
    assert.deepEqual([o.ip, o.country], ['91.194.163.10', 'UA']);
  });

  test('the other header from an untrusted peer is not reported (both are ignored there)', () => {
    const other: string[] = [];
    const r = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null, onOtherHeader: (h) => other.push(h) });
    assert.equal(r.resolve({ socketIp: '8.8.8.8', headers: { forwarded: 'for=10.0.0.1' } }).country, 'US');
    assert.deepEqual(other, []);
  });

  for (const [header, value] of [
    ['forwarded', 'for=unknown'],
    ['forwarded', 'for=_hidden'],
    ['forwarded', 'for="_gazonk"'],
    ['forwarded', 'for=10.0.0.1, for=unknown'],
    ['forwarded', 'proto=https'],
    ['x-forwarded-for', 'unknown'],
    ['x-forwarded-for', 'garbage'],
    ['x-forwarded-for', '5.160.0.1, '],
  ] as const) {
    test(`${header}: ${value} behind a trusted proxy is a hidden origin, not internal traffic`, () => {
      const r = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: header, countryHeader: null });
      const o = r.resolve({ socketIp: '10.0.0.1', headers: { [header]: value } });
      assert.deepEqual([o.country, o.unknown], [null, 'hidden']);
      assert.equal(o.ip, '10.0.0.1', 'the trusted proxy that reported it');
    });
  }

  test('a trusted edge\'s country header still places a hidden client', () => {
    const r = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'forwarded', countryHeader: 'cf-ipcountry' });
    const o = r.resolve({ socketIp: '10.0.0.1', headers: { forwarded: 'for=unknown', 'cf-ipcountry': 'IR' } });
    assert.deepEqual([o.country, o.unknown], ['IR', null]);
  });

  test('a carrier address: the origin is the carried IPv4 address, with the IPv6 address as carrier', () => {
    const r = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null });
    for (const o of [r.resolve({ socketIp: TEREDO, headers: {} }), r.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': TEREDO } }), r.attested(TEREDO)]) {
      assert.deepEqual([o.ip, o.country, o.carrier?.kind, o.carrier?.ip, o.carrier?.country], ['5.160.0.1', 'IR', 'teredo', TEREDO, 'NL']);
      assert.equal(o.carrier?.source, o.source);
    }
    assert.equal(r.resolve({ socketIp: '8.8.8.8', headers: {} }).carrier, null);
  });
});

describe('origin resolver: the anonymizer lists', () => {
  const trusted = parseCidrList(['10.0.0.0/8']);
  const via = (ip: string) => ({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': ip } });
  const lists: AnonymizerLists = {
    tor: parseTorExitList('185.220.101.1\n51.15.0.1\n').list,
    cidr: [{ set: parseCidrListText('91.194.163.0/24\n'), flag: 'vpn', source: 'vpn.txt' }],
    asn: [{ asns: new Set([15169, 12876]), flag: 'hosting', source: 'hosting.yaml' }],
  };
  const resolver = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: 'cf-ipcountry', listedFlags: (ip, asn) => listedFlags(lists, ip, asn) });

  test('a CIDR-listed address gets the list\'s flag, an ASN on an ASN list its flag, a Tor exit tor', () => {
    assert.deepEqual(resolver.resolve(via('91.194.163.10')).anonymizer, ['vpn']);
    assert.deepEqual(resolver.resolve(via('8.8.8.8')).anonymizer, ['hosting'], 'AS15169 is on the hosting list');
    const tor = resolver.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '51.15.0.1' } });
    assert.deepEqual(tor.anonymizer, ['hosting', 'relay', 'tor'], 'geo relay, list hosting (AS12876) and tor: joined and sorted');
    assert.deepEqual(tor.geoAnonymizer, ['relay'], 'the geo data\'s own flags are kept beside them');
  });

  test('a carrier gets the flags the lists give its own address; the client address keeps its own', () => {
    const withTeredo: AnonymizerLists = { ...lists, cidr: [...lists.cidr, { set: parseCidrListText('2001::/32\n'), flag: 'public_proxy', source: 'tunnels.txt' }] };
    const r = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null, listedFlags: (ip, asn) => listedFlags(withTeredo, ip, asn) });
    const o = r.resolve(via(TEREDO));
    assert.deepEqual([o.anonymizer, o.carrier?.anonymizer], [[], ['public_proxy']]);
  });

  test('joined with the geo flags: sorted, without duplicates', () => {
    const o = resolver.resolve(via('185.220.101.1'));
    assert.deepEqual(o.anonymizer, ['tor', 'vpn'], 'tor from both the geo data and the list appears once');
    assert.equal(o.anonymizer, table['185.220.101.1']?.anonymizer, 'a list adding nothing new leaves the geo array as it is');
    assert.deepEqual(resolver.attested('91.194.163.10').anonymizer, ['vpn'], 'attested origins too');
    const edge = resolver.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '91.194.163.10', 'cf-ipcountry': 'RU' } });
    assert.deepEqual([edge.country, edge.anonymizer], ['RU', ['vpn']], 'and with an edge country header');
  });

  test('no list names the address: the geo facts\' own array, not a copy', () => {
    const facts = geo.lookup('1.2.3.4');
    const plain = createOriginResolver({ geo: { locate: (ip) => ({ ip, facts, carrier: null }) }, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null, listedFlags: (ip, asn) => listedFlags(lists, ip, asn) });
    assert.equal(plain.resolve(via('1.2.3.4')).anonymizer, facts.anonymizer);
    assert.equal(listedFlags(NO_LISTS, '185.220.101.1', 15169).length, 0);
  });

  describe('reloaded list files change the answer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cordon-origin-lists-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('a Tor list and a CIDR list rewritten and reloaded', async () => {
      const torFile = join(dir, 'tor.txt');
      const proxyFile = join(dir, 'proxies.txt');
      writeFileSync(torFile, '# empty for now\n');
      writeFileSync(proxyFile, '91.194.163.0/24\n');
      const files = await openListFiles({ torExits: torFile, cidr: [{ file: proxyFile, flag: 'public_proxy' }], asn: [], watch: false });
      try {
        const r = createOriginResolver({ geo, trustedProxies: trusted, forwardedHeader: 'x-forwarded-for', countryHeader: null, listedFlags: (ip, asn) => listedFlags(files.current(), ip, asn) });
        assert.deepEqual(r.resolve(via('8.8.8.8')).anonymizer, []);
        assert.deepEqual(r.resolve(via('91.194.163.10')).anonymizer, ['public_proxy']);
        writeFileSync(torFile, '8.8.8.8\n');
        writeFileSync(proxyFile, '203.0.113.0/24\n');
        await files.reload();
        assert.deepEqual(r.resolve(via('8.8.8.8')).anonymizer, ['tor']);
        assert.deepEqual(r.resolve(via('91.194.163.10')).anonymizer, []);
        // A list rewritten empty, or with an error page, is a failed download, not news: the previous one stays.
        writeFileSync(torFile, '<html><body>502 Bad Gateway</body></html>\n');
        writeFileSync(proxyFile, '# none\n');
        await files.reload();
        assert.deepEqual(r.resolve(via('8.8.8.8')).anonymizer, ['tor']);
        assert.deepEqual(r.resolve(via('203.0.113.7')).anonymizer, ['public_proxy']);
      } finally {
        files.close();
      }
    });
  });
});
