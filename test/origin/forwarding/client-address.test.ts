import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCidrList, resolveClientAddress, trustedCountryHeader, type ClientAddress, type ClientAddressInput } from '../../../src/origin/index.js';

const trusted = parseCidrList(['10.0.0.0/8', '2001:db8:ffff::/48', '127.0.0.1']);

type Input = Omit<ClientAddressInput, 'trusted'>;
type Case = { name: string; input: Input; expect: Omit<ClientAddress, 'peerTrusted'> };

const xff = (socketIp: string, value?: string | string[]): Input => ({ socketIp, header: 'x-forwarded-for', value });
const fwd = (socketIp: string, value?: string | string[]): Input => ({ socketIp, header: 'forwarded', value });
const client = (ip: string, source: 'socket' | 'forwarded' = 'forwarded') => ({ ip, source, hidden: false });
/** Rule 4: a hidden client; `ip` is the trusted proxy that forwarded the unreadable hop. */
const hidden = (reporter: string, source: 'socket' | 'forwarded') => ({ ip: reporter, source, hidden: true });

const cases: Case[] = [
  { name: 'untrusted peer with a spoofed X-Forwarded-For: the socket address', input: xff('203.0.114.9', '1.1.1.1, 8.8.8.8'), expect: client('203.0.114.9', 'socket') },
  { name: 'untrusted peer with a spoofed Forwarded: the socket address', input: fwd('198.20.0.5', 'for=1.1.1.1'), expect: client('198.20.0.5', 'socket') },
  { name: 'untrusted peer with for=unknown: the socket address, not hidden', input: fwd('198.20.0.5', 'for=unknown'), expect: client('198.20.0.5', 'socket') },
  { name: 'trusted peer: the right-most untrusted hop, not the left-most', input: xff('10.0.0.2', '6.6.6.6, 91.194.163.10'), expect: client('91.194.163.10') },
  { name: 'several trusted hops are skipped from the right', input: xff('10.0.0.2', '6.6.6.6, 91.194.163.10, 10.9.9.9, 10.0.0.7'), expect: client('91.194.163.10') },
  { name: 'several header lines form one list, in order', input: xff('10.0.0.2', ['6.6.6.6, 91.194.163.10', '10.0.0.3']), expect: client('91.194.163.10') },
  { name: 'trusted peer without the header: the peer', input: xff('10.0.0.2'), expect: client('10.0.0.2', 'socket') },
  { name: 'every hop trusted: the left-most hop', input: xff('10.0.0.2', '10.1.1.1, 10.2.2.2'), expect: client('10.1.1.1') },
  { name: 'Forwarded with a quoted IPv6 address and port', input: fwd('10.0.0.2', 'for=192.0.2.60;proto=http, for="[2001:DB8:CAFE::17]:4711"'), expect: client('2001:db8:cafe::17') },
  { name: 'Forwarded with an IPv4 address and port, trusted IPv6 proxy hop', input: fwd('10.0.0.2', 'for="8.8.4.4:47011", for="[2001:db8:ffff::1]"'), expect: client('8.8.4.4') },
  { name: 'a client-written private address left of the proxy\'s hop is never reached', input: xff('10.0.0.2', '10.0.0.1, 5.160.0.1'), expect: client('5.160.0.1') },
  { name: 'garbage left of the client\'s hop is never reached', input: xff('10.0.0.2', 'not-an-ip, 5.160.0.1'), expect: client('5.160.0.1') },
  { name: 'garbage hop reached behind a trusted proxy: hidden, reported by that proxy', input: xff('10.0.0.2', '8.8.8.8, not-an-ip, 10.0.0.5'), expect: hidden('10.0.0.5', 'forwarded') },
  { name: 'garbage right-most hop: hidden, reported by the trusted peer', input: xff('10.0.0.2', '8.8.8.8, <script>'), expect: hidden('10.0.0.2', 'socket') },
  { name: 'Forwarded for=unknown right-most: hidden', input: fwd('10.0.0.2', 'for=unknown'), expect: hidden('10.0.0.2', 'socket') },
  { name: 'Forwarded obfuscated node behind a trusted hop: hidden', input: fwd('10.0.0.2', 'for=8.8.8.8, for=_hidden, for=10.0.0.9'), expect: hidden('10.0.0.9', 'forwarded') },
  { name: 'Forwarded element without for=: hidden', input: fwd('10.0.0.2', 'proto=https;by=10.0.0.2'), expect: hidden('10.0.0.2', 'socket') },
  {
    name: "a client's unclosed quote in Forwarded cannot swallow the element the proxy appended: hidden",
    input: fwd('10.0.0.2', 'for=8.8.8.8;x=", for=5.160.0.1'),
    expect: hidden('10.0.0.2', 'socket'),
  },
  { name: 'nor across two header lines (joined into one list)', input: fwd('10.0.0.2', ['for=8.8.8.8;x="', 'for=5.160.0.1']), expect: hidden('10.0.0.2', 'socket') },
  { name: 'a quoted comma inside a closed quoted string stays inside it', input: fwd('10.0.0.2', 'for=8.8.8.8;x=", for=1.1.1.1", for=5.160.0.1'), expect: client('5.160.0.1') },
  { name: 'Forwarded element with for= twice: hidden, not the last one written', input: fwd('10.0.0.2', 'for=5.160.0.1;for=8.8.8.8'), expect: hidden('10.0.0.2', 'socket') },
  { name: 'an empty list element: hidden', input: xff('10.0.0.2', '8.8.8.8,,'), expect: hidden('10.0.0.2', 'socket') },
  { name: 'an empty header value: no hops, the trusted peer', input: xff('10.0.0.2', '  '), expect: client('10.0.0.2', 'socket') },
  { name: 'a trusted peer without the configured header but with the other: hidden (never the proxy itself)', input: { ...xff('10.0.0.2'), otherPresent: true }, expect: hidden('10.0.0.2', 'socket') },
  { name: 'the other header beside the configured one is never read', input: { ...fwd('10.0.0.2', 'for=5.160.0.1'), otherPresent: true }, expect: client('5.160.0.1') },
  { name: 'an untrusted peer with only the other header: the socket address', input: { ...xff('198.20.0.5'), otherPresent: true }, expect: client('198.20.0.5', 'socket') },
  { name: 'IPv4-mapped trusted peer is unwrapped and trusted', input: xff('::ffff:10.0.0.2', '::ffff:91.194.163.10'), expect: client('91.194.163.10') },
  { name: 'IPv4-mapped untrusted peer is unwrapped', input: xff('::ffff:91.194.163.10', '1.1.1.1'), expect: client('91.194.163.10', 'socket') },
  { name: 'X-Forwarded-For entries with ports and brackets', input: xff('127.0.0.1', '[2001:4860:4860::8888]:443, 10.0.0.1:8080'), expect: client('2001:4860:4860::8888') },
  { name: 'a Teredo address in X-Forwarded-For is the client (the geo lookup unwraps it)', input: xff('10.0.0.2', '2001:0:4136:e378:8000:63bf:fa5f:fffe'), expect: client('2001:0:4136:e378:8000:63bf:fa5f:fffe') },
];

describe('resolveClientAddress', () => {
  for (const c of cases) {
    test(c.name, () => {
      const peerTrusted = trusted.has(c.input.socketIp);
      assert.deepEqual(resolveClientAddress({ ...c.input, trusted }), { ...c.expect, peerTrusted });
    });
  }
});

describe('trustedCountryHeader', () => {
  const cases: Array<[boolean, string | undefined, string | null]> = [
    [true, 'UA', 'UA'],
    [true, ' de ', 'DE'],
    [false, 'UA', null], // only from a trusted peer
    [false, 'US', null], // a client-written country header never counts from an untrusted peer
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
