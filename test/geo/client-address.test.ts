import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCidrList, resolveClientAddress, trustedCountryHeader, type ClientAddressInput } from '../../src/geo/index.js';

const trusted = parseCidrList(['10.0.0.0/8', '2001:db8:ffff::/48', '127.0.0.1']);

type Case = { name: string; input: Omit<ClientAddressInput, 'trusted'>; ip: string; source: 'socket' | 'forwarded' };

const cases: Case[] = [
  {
    name: 'untrusted peer with a spoofed X-Forwarded-For: the socket address',
    input: { socketIp: '203.0.114.9', forwardedFor: '1.1.1.1, 8.8.8.8' },
    ip: '203.0.114.9',
    source: 'socket',
  },
  {
    name: 'untrusted peer with a spoofed Forwarded: the socket address',
    input: { socketIp: '198.20.0.5', forwarded: 'for=1.1.1.1' },
    ip: '198.20.0.5',
    source: 'socket',
  },
  {
    name: 'trusted peer: the right-most untrusted hop, not the left-most',
    input: { socketIp: '10.0.0.2', forwardedFor: '6.6.6.6, 91.194.163.10' },
    ip: '91.194.163.10',
    source: 'forwarded',
  },
  {
    name: 'several trusted hops are skipped from the right',
    input: { socketIp: '10.0.0.2', forwardedFor: '6.6.6.6, 91.194.163.10, 10.9.9.9, 10.0.0.7' },
    ip: '91.194.163.10',
    source: 'forwarded',
  },
  {
    name: 'several header lines form one list, in order',
    input: { socketIp: '10.0.0.2', forwardedFor: ['6.6.6.6, 91.194.163.10', '10.0.0.3'] },
    ip: '91.194.163.10',
    source: 'forwarded',
  },
  {
    name: 'trusted peer without forwarding headers: the peer',
    input: { socketIp: '10.0.0.2' },
    ip: '10.0.0.2',
    source: 'socket',
  },
  {
    name: 'every hop trusted: the left-most hop',
    input: { socketIp: '10.0.0.2', forwardedFor: '10.1.1.1, 10.2.2.2' },
    ip: '10.1.1.1',
    source: 'forwarded',
  },
  {
    name: 'Forwarded with a quoted IPv6 address and port',
    input: { socketIp: '10.0.0.2', forwarded: 'for=192.0.2.60;proto=http, for="[2001:DB8:CAFE::17]:4711"' },
    ip: '2001:db8:cafe::17',
    source: 'forwarded',
  },
  {
    name: 'Forwarded with an IPv4 address and port, trusted IPv6 proxy hop',
    input: { socketIp: '10.0.0.2', forwarded: 'for="8.8.4.4:47011", for="[2001:db8:ffff::1]"' },
    ip: '8.8.4.4',
    source: 'forwarded',
  },
  {
    name: 'Forwarded is preferred when both headers are present',
    input: { socketIp: '10.0.0.2', forwarded: 'for=9.9.9.9', forwardedFor: '1.1.1.1' },
    ip: '9.9.9.9',
    source: 'forwarded',
  },
  {
    name: 'prefer x-forwarded-for when configured',
    input: { socketIp: '10.0.0.2', forwarded: 'for=9.9.9.9', forwardedFor: '1.1.1.1', prefer: 'x-forwarded-for' },
    ip: '1.1.1.1',
    source: 'forwarded',
  },
  {
    name: 'garbage hop stops the walk: the last good hop (a trusted proxy)',
    input: { socketIp: '10.0.0.2', forwardedFor: '8.8.8.8, not-an-ip, 10.0.0.5' },
    ip: '10.0.0.5',
    source: 'forwarded',
  },
  {
    name: 'garbage right-most hop: the trusted peer itself',
    input: { socketIp: '10.0.0.2', forwardedFor: '8.8.8.8, <script>' },
    ip: '10.0.0.2',
    source: 'socket',
  },
  {
    name: 'Forwarded for=unknown and obfuscated nodes stop the walk',
    input: { socketIp: '10.0.0.2', forwarded: 'for=8.8.8.8, for=_hidden, for=10.0.0.9' },
    ip: '10.0.0.9',
    source: 'forwarded',
  },
  {
    name: 'an empty list element stops the walk',
    input: { socketIp: '10.0.0.2', forwardedFor: '8.8.8.8,,' },
    ip: '10.0.0.2',
    source: 'socket',
  },
  {
    name: 'IPv4-mapped trusted peer is unwrapped and trusted',
    input: { socketIp: '::ffff:10.0.0.2', forwardedFor: '::ffff:91.194.163.10' },
    ip: '91.194.163.10',
    source: 'forwarded',
  },
  {
    name: 'IPv4-mapped untrusted peer is unwrapped',
    input: { socketIp: '::ffff:91.194.163.10', forwardedFor: '1.1.1.1' },
    ip: '91.194.163.10',
    source: 'socket',
  },
  {
    name: 'X-Forwarded-For entries with ports and brackets',
    input: { socketIp: '127.0.0.1', forwardedFor: '[2001:4860:4860::8888]:443, 10.0.0.1:8080' },
    ip: '2001:4860:4860::8888',
    source: 'forwarded',
  },
];

describe('resolveClientAddress', () => {
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(resolveClientAddress({ ...c.input, trusted }), { ip: c.ip, source: c.source });
    });
  }
});

describe('trustedCountryHeader', () => {
  const cases: Array<[boolean, string | undefined, string | null]> = [
    [true, 'UA', 'UA'],
    [true, ' de ', 'DE'],
    [false, 'UA', null], // only from a trusted peer
    [true, undefined, null],
    [true, 'XX', null], // unknown
    [true, 'T1', null], // Tor
    [true, 'USA', null],
    [true, '', null],
    [true, 'U1', null],
  ];
  for (const [peerTrusted, value, expected] of cases) {
    test(`trusted=${peerTrusted} ${JSON.stringify(value)} → ${expected}`, () => {
      assert.equal(trustedCountryHeader(peerTrusted, value), expected);
    });
  }
});
