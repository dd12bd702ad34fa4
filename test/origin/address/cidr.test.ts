import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CidrListError, parseCidrList } from '../../../src/origin/index.js';

describe('CidrSet', () => {
  const set = parseCidrList([
    '10.0.0.0/8',
    '192.168.1.7',
    '203.0.113.0/25',
    '203.0.113.128/25', // adjacent: merged with the one before
    '2001:db8::/32',
    '2001:db8:1::/48', // inside the one before
    'fe80::1',
    '::ffff:172.16.0.0/108', // IPv4-mapped: means 172.16.0.0/12
    '0.0.0.0/32',
  ]);

  const cases: Array<[string, boolean]> = [
    ['10.0.0.0', true],
    ['10.255.255.255', true],
    ['11.0.0.0', false],
    ['9.255.255.255', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['203.0.113.0', true],
    ['203.0.113.255', true],
    ['203.0.114.0', false],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.0', false],
    ['::ffff:10.1.2.3', true], // IPv4-mapped input is the IPv4 address
    ['0.0.0.0', true],
    ['2001:db8::', true],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['2001:db9::', false],
    ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', false],
    ['fe80::1', true],
    ['fe80::2', false],
    ['[fe80::1]', true],
    ['::', false],
    ['garbage', false],
    ['', false],
  ];
  for (const [ip, expected] of cases) {
    test(`has(${ip}) is ${expected}`, () => assert.equal(set.has(ip), expected));
  }

  test('ranges are merged', () => {
    // 10/8, 192.168.1.7, 203.0.113.0/24 (merged), 172.16/12, 0.0.0.0; 2001:db8::/32, fe80::1
    assert.equal(set.size, 7);
  });

  test('/0 covers the whole family', () => {
    const all = parseCidrList(['0.0.0.0/0', '::/0']);
    assert.equal(all.has('255.255.255.255'), true);
    assert.equal(all.has('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), true);
  });

  test('an empty list matches nothing', () => {
    assert.equal(parseCidrList([]).has('127.0.0.1'), false);
  });
});

describe('parseCidrList errors name the bad entry', () => {
  const cases: Array<[string, RegExp]> = [
    ['10.0.0.0/33', /entry #2 "10.0.0.0\/33": prefix length must be 0 to 32/],
    ['10.0.0.1/8', /entry #2 "10.0.0.1\/8": host bits set after \/8/],
    ['2001:db8::1/32', /entry #2 "2001:db8::1\/32": host bits set after \/32/],
    ['2001:db8::/129', /prefix length must be 0 to 128/],
    ['10.0.0.0/', /prefix length/],
    ['10.0.0.0/abc', /prefix length/],
    ['300.0.0.0/8', /not an IPv4 or IPv6 address/],
    ['2001:db8:::/48', /not an IPv6 address/],
    ['localhost', /not an IPv4 or IPv6 address/],
  ];
  for (const [bad, message] of cases) {
    test(bad, () => {
      assert.throws(
        () => parseCidrList(['127.0.0.0/8', bad]),
        (error: unknown) => error instanceof CidrListError && error.index === 1 && error.entry === bad && message.test(error.message),
      );
    });
  }
});
