import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { GeoFacts } from '../../src/domain/origin.js';
import { UNKNOWN_GEO } from '../../src/domain/origin.js';
import { createOriginResolver } from '../../src/gateway/origin-resolver.js';
import { parseCidrList, type GeoLookup } from '../../src/geo/index.js';

/** A fake geo port: a fixed table, so the resolver's own logic is what is tested. */
const table: Record<string, GeoFacts> = {
  '8.8.8.8': { ...UNKNOWN_GEO, country: 'US', unknown: null, asn: 15169 },
  '91.194.163.10': { ...UNKNOWN_GEO, country: 'UA', subdivisions: ['UA-43'], city: 'Simferopol', unknown: null },
};
const geo: GeoLookup = {
  lookup: (ip) => table[ip] ?? { ...UNKNOWN_GEO, unknown: ip.startsWith('10.') || ip.startsWith('127.') ? 'private' : 'not_found' },
  status: () => ({ locationAvailable: true, files: [] }),
};

describe('origin resolver', () => {
  const trusted = parseCidrList(['10.0.0.0/8']);

  test('forwarding headers count only from a trusted peer', () => {
    const ignored: string[] = [];
    const r = createOriginResolver({ geo, trustedProxies: trusted, countryHeader: null, onIgnoredForwarding: (p) => ignored.push(p) });
    assert.equal(r.resolve({ socketIp: '10.1.2.3', headers: { 'x-forwarded-for': '8.8.8.8' } }).country, 'US');
    const spoofed = r.resolve({ socketIp: '::ffff:127.0.0.1', headers: { 'x-forwarded-for': '8.8.8.8' } });
    assert.equal(spoofed.ip, '127.0.0.1');
    assert.equal(spoofed.source, 'socket');
    assert.equal(spoofed.unknown, 'private');
    assert.deepEqual(ignored, ['127.0.0.1'], 'a private untrusted peer sending XFF is reported (a load balancer missing from trusted_proxies?)');
  });

  test('a country header is used only when configured and sent by a trusted peer', () => {
    const r = createOriginResolver({ geo, trustedProxies: trusted, countryHeader: 'cf-ipcountry' });
    const fromEdge = r.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '91.194.163.10', 'cf-ipcountry': 'RU' } });
    assert.equal(fromEdge.country, 'RU');
    assert.deepEqual(fromEdge.subdivisions, [], 'subdivisions of another country no longer apply');
    const same = r.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '91.194.163.10', 'cf-ipcountry': 'UA' } });
    assert.deepEqual(same.subdivisions, ['UA-43'], 'agreeing header keeps the finer facts');
    const untrusted = r.resolve({ socketIp: '8.8.8.8', headers: { 'cf-ipcountry': 'KP' } });
    assert.equal(untrusted.country, 'US');
    const tor = r.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '8.8.8.8', 'cf-ipcountry': 'T1' } });
    assert.equal(tor.country, 'US', 'T1 (Tor) and XX are not countries');
    const off = createOriginResolver({ geo, trustedProxies: trusted, countryHeader: null });
    assert.equal(off.resolve({ socketIp: '10.0.0.1', headers: { 'x-forwarded-for': '8.8.8.8', 'cf-ipcountry': 'KP' } }).country, 'US');
  });
});
