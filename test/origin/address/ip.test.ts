import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyAddress, normalizeIp } from '../../../src/origin/index.js';

describe('normalizeIp', () => {
  const cases: Array<[string, string | null]> = [
    ['1.2.3.4', '1.2.3.4'],
    ['  8.8.8.8\t', '8.8.8.8'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:0102:0304', '1.2.3.4'],
    ['[::ffff:10.0.0.1]', '10.0.0.1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // first longest run
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['2001:4860:4860::8888', '2001:4860:4860::8888'],
    // garbage
    ['', null],
    ['1.2.3', null],
    ['1.2.3.4.5', null],
    ['256.1.1.1', null],
    ['01.2.3.4', null], // leading zero: octal in some stacks
    ['1.2.3.4:80', null],
    ['[2001:db8::1]:80', null],
    ['2001:db8::1::1', null],
    ['2001:db8:1:2:3:4:5:6:7', null],
    ['12345::', null],
    ['g::1', null],
    ['unknown', null],
    ['1.2.3.4%eth0', null],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(normalizeIp(input), expected));
  }
});

describe('classifyAddress', () => {
  const cases: Array<[string, 'public' | 'private']> = [
    ['8.8.8.8', 'public'],
    ['91.194.163.10', 'public'],
    ['100.63.255.255', 'public'],
    ['100.64.0.1', 'private'], // CGNAT
    ['100.127.255.255', 'private'],
    ['10.1.2.3', 'private'],
    ['172.15.255.255', 'public'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'private'],
    ['0.1.2.3', 'private'],
    ['169.254.169.254', 'private'],
    ['192.0.2.10', 'private'], // TEST-NET-1
    ['198.51.100.7', 'private'],
    ['203.0.113.99', 'private'],
    ['198.18.0.1', 'private'], // benchmarking
    ['198.19.255.255', 'private'],
    ['198.20.0.1', 'public'],
    ['224.0.0.251', 'private'], // multicast
    ['240.0.0.1', 'private'], // reserved
    ['255.255.255.255', 'private'], // broadcast
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::1', 'private'],
    ['::', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'private'],
    ['ff02::1', 'private'],
    ['2001:db8::1', 'private'],
    ['2001::1', 'private'], // Teredo carrying 255.255.255.254 (every bit of 0.0.0.1 inverted): reserved
    ['2001:0:4136:e378:8000:63bf:fa5f:fffe', 'public'], // Teredo carrying 5.160.0.1: no longer swallowed by 2001::/23
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'private'], // Teredo carrying 10.0.0.1
    ['2001:2::1', 'private'], // benchmarking, inside 2001::/23
    ['2001:10::1', 'private'], // ORCHID (deprecated), inside 2001::/23
    ['2001:5::1', 'private'], // unassigned IETF protocol space
    ['2001:3::1', 'public'], // AMT: globally reachable inside 2001::/23
    ['2001:4:112::1', 'public'], // AS112-v6
    ['2001:20::1', 'public'], // ORCHIDv2
    ['2001:30::1', 'public'], // drone remote ID
    ['2001:1::1', 'public'], // PCP anycast
    ['2001:1::4', 'private'],
    ['192.0.0.9', 'public'], // PCP anycast, inside 192.0.0.0/24
    ['192.0.0.10', 'public'], // TURN anycast
    ['192.0.0.8', 'private'],
    ['192.88.99.1', 'public'], // deprecated 6to4 relay anycast: N/A, not "not globally reachable"
    ['3fff::1', 'private'], // documentation (RFC 9637)
    ['100::1', 'private'], // discard-only
    ['::5.160.0.1', 'public'], // IPv4-compatible: classed by what it carries
    ['::10.0.0.1', 'private'],
    ['::ffff:0:5.160.0.1', 'public'], // IPv4-translated
    ['::ffff:0:192.168.0.1', 'private'],
    ['64:ff9b:1:abcd::10.0.0.1', 'private'], // local-use NAT64, /96 layout
    ['abcd::1', 'private'], // outside 2000::/3
    ['64:ff9b::8.8.8.8', 'public'], // NAT64 of a public host
    ['64:ff9b::10.0.0.1', 'private'], // NAT64 of a private host
    ['64:ff9b:1::1', 'private'], // local-use NAT64 prefix
    ['2002:0808:0808::1', 'public'], // 6to4 of 8.8.8.8
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
    ['2001:4860:4860::8888', 'public'],
    ['2a02:d500::1', 'public'],
    ['not an address', 'private'],
  ];
  for (const [ip, expected] of cases) {
    test(`${ip} is ${expected}`, () => assert.equal(classifyAddress(ip), expected));
  }
});
