/**
 * IPv6 addresses that carry an IPv4 address: every form, the address it carries, and addresses that
 * look alike but carry none.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { carriedIpv4, carriedIpv4Offset, carrierKind, classifyAddress, parseIp } from '../../../src/origin/index.js';
import { formatIpv4 } from '../../../src/origin/address/ip.js';

function carried(ip: string): [string | null, string | null] {
  const parsed = parseIp(ip);
  if (parsed === null || parsed.family === 4) return [null, parsed === null ? null : formatIpv4(parsed.v4)];
  const kind = carrierKind(parsed.words);
  return [kind, kind === null ? null : formatIpv4(carriedIpv4(parsed.words, kind))];
}

describe('carrierKind and carriedIpv4', () => {
  const cases: Array<[ip: string, kind: string | null, ipv4: string | null, why: string]> = [
    ['2001:0:4136:e378:8000:63bf:fa5f:fffe', 'teredo', '5.160.0.1', 'the last 32 bits, every bit inverted'],
    ['2001::a:b:fa5f:fffe', 'teredo', '5.160.0.1', 'the server address (bits 32–63) is not the client'],
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'teredo', '8.8.8.8', ''],
    ['2002:5a0:1::1', '6to4', '5.160.0.1', 'bits 16–47'],
    ['2002:808:808:1:2:3:4:5', '6to4', '8.8.8.8', 'the subnet and interface bits are not the address'],
    ['64:ff9b::5.160.0.1', 'nat64', '5.160.0.1', 'RFC 6052 well-known prefix'],
    ['64:ff9b::5a0:1', 'nat64', '5.160.0.1', 'the same in hex'],
    ['64:ff9b:1::5.160.0.1', 'nat64', '5.160.0.1', 'RFC 8215 local use, /96 layout'],
    ['64:ff9b:1:abcd:1:2:5a0:1', 'nat64', '5.160.0.1', 'any /96 prefix inside 64:ff9b:1::/48'],
    ['::5.160.0.1', 'ipv4_compatible', '5.160.0.1', 'deprecated IPv4-compatible'],
    ['::0.0.0.2', 'ipv4_compatible', '0.0.0.2', ''],
    ['::ffff:0:5.160.0.1', 'ipv4_translated', '5.160.0.1', 'SIIT IPv4-translated'],
    ['::ffff:5.160.0.1', null, '5.160.0.1', 'IPv4-mapped is read as IPv4 itself at parse'],
    ['::', null, null, 'unspecified'],
    ['::1', null, null, 'loopback'],
    ['64:ff9b:0:0:1::1', null, null, 'inside 64:ff9b::/32 but neither NAT64 prefix'],
    ['64:ff9b:2::1', null, null, ''],
    ['2001:1::1', null, null, 'elsewhere in 2001::/23'],
    ['2003::1', null, null, 'next to 6to4'],
    ['2a01:5ec0::1', null, null, 'a native address'],
  ];
  for (const [ip, kind, ipv4, why] of cases) {
    test(`${ip} → ${kind ?? 'none'} ${ipv4 ?? ''}${why ? ` (${why})` : ''}`, () => assert.deepEqual(carried(ip), [kind, ipv4]));
  }

  test('where the carried address starts, for truncation', () => {
    assert.equal(carriedIpv4Offset('6to4'), 16);
    for (const kind of ['teredo', 'nat64', 'ipv4_compatible', 'ipv4_translated'] as const) assert.equal(carriedIpv4Offset(kind), 96);
  });
});

describe('a carrier is as private as what it carries', () => {
  const forms = (v4: string, teredo: string, sixToFour: string): string[] => [teredo, sixToFour, `64:ff9b::${v4}`, `64:ff9b:1::${v4}`, `::${v4}`, `::ffff:0:${v4}`, `::ffff:${v4}`];
  for (const [v4, teredo, sixToFour, expected] of [
    ['5.160.0.1', '2001:0:4136:e378:8000:63bf:fa5f:fffe', '2002:5a0:1::1', 'public'],
    ['10.0.0.1', '2001:0:4136:e378:8000:63bf:f5ff:fffe', '2002:a00:1::1', 'private'],
    ['127.0.0.1', '2001:0:4136:e378:8000:63bf:80ff:fffe', '2002:7f00:1::1', 'private'],
    ['192.168.1.1', '2001:0:4136:e378:8000:63bf:3f57:fefe', '2002:c0a8:101::1', 'private'],
    ['100.64.0.1', '2001:0:4136:e378:8000:63bf:9bbf:fffe', '2002:6440:1::1', 'private'],
  ] as const) {
    for (const ip of forms(v4, teredo, sixToFour)) test(`${ip} (${v4}) is ${expected}`, () => assert.equal(classifyAddress(ip), expected));
  }
});
