/** Attestation headers and webhook signatures: format, verification, tampering, clock skew. Pure. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { backoffDelay, checkAttestation, parseAttestation, signAttestation, signWebhook, verifyWebhook } from '../../src/enforcement/index.js';

const SECRET = 'cas_test-secret-0123456789abcdefghijklmnopqrstuv';
const NOW = Date.UTC(2026, 10, 28, 12);
const TS = NOW / 1000;
const NONCE = 'n0nce-0000000000001';

describe('attestation header', () => {
  test('a signed header parses and verifies; the docs\' formula gives the same signature', () => {
    const header = signAttestation(SECRET, { ip: '203.0.113.7', ts: TS, nonce: NONCE });
    const claim = parseAttestation(header);
    assert.ok(claim);
    assert.equal(checkAttestation(claim, SECRET, NOW, 300_000), 'ok');
    const bySpec = createHmac('sha256', SECRET).update(`cordon-attest-v1\n203.0.113.7\n${TS}\n${NONCE}`).digest('base64url');
    assert.equal(header, `v=1; ip=203.0.113.7; ts=${TS}; nonce=${NONCE}; sig=${bySpec}`);
  });

  test('IPv6 and IPv4-mapped addresses are normalised after verification', () => {
    const claim = parseAttestation(signAttestation(SECRET, { ip: '::ffff:198.51.100.4', ts: TS, nonce: NONCE }));
    assert.equal(claim?.normalizedIp, '198.51.100.4');
    assert.equal(claim && checkAttestation(claim, SECRET, NOW, 300_000), 'ok');
    assert.equal(parseAttestation(signAttestation(SECRET, { ip: '2001:DB8::1', ts: TS, nonce: NONCE }))?.normalizedIp, '2001:db8::1');
  });

  test('a wrong secret or a changed field is a bad signature', () => {
    const header = signAttestation(SECRET, { ip: '203.0.113.7', ts: TS, nonce: NONCE });
    const claim = parseAttestation(header);
    assert.ok(claim);
    assert.equal(checkAttestation(claim, `${SECRET}x`, NOW, 300_000), 'bad_signature');
    const moved = parseAttestation(header.replace('203.0.113.7', '203.0.113.8'));
    assert.ok(moved);
    assert.equal(checkAttestation(moved, SECRET, NOW, 300_000), 'bad_signature');
  });

  test('outside the skew either way is stale (checked only after the signature)', () => {
    const old = parseAttestation(signAttestation(SECRET, { ip: '203.0.113.7', ts: TS - 301, nonce: NONCE }));
    const future = parseAttestation(signAttestation(SECRET, { ip: '203.0.113.7', ts: TS + 301, nonce: NONCE }));
    const edge = parseAttestation(signAttestation(SECRET, { ip: '203.0.113.7', ts: TS - 300, nonce: NONCE }));
    assert.ok(old && future && edge);
    assert.equal(checkAttestation(old, SECRET, NOW, 300_000), 'stale');
    assert.equal(checkAttestation(future, SECRET, NOW, 300_000), 'stale');
    assert.equal(checkAttestation(edge, SECRET, NOW, 300_000), 'ok');
    assert.equal(checkAttestation(old, 'other', NOW, 300_000), 'bad_signature');
  });

  const sig = 'A'.repeat(43);
  for (const [name, header] of [
    ['empty', ''],
    ['no version', `ip=1.2.3.4; ts=${TS}; nonce=${NONCE}; sig=${sig}`],
    ['version 2', `v=2; ip=1.2.3.4; ts=${TS}; nonce=${NONCE}; sig=${sig}`],
    ['not an address', `v=1; ip=example.com; ts=${TS}; nonce=${NONCE}; sig=${sig}`],
    ['a port', `v=1; ip=1.2.3.4:80; ts=${TS}; nonce=${NONCE}; sig=${sig}`],
    ['short nonce', `v=1; ip=1.2.3.4; ts=${TS}; nonce=abc; sig=${sig}`],
    ['milliseconds or junk time', `v=1; ip=1.2.3.4; ts=12.5; nonce=${NONCE}; sig=${sig}`],
    ['a field twice', `v=1; ip=1.2.3.4; ip=5.6.7.8; ts=${TS}; nonce=${NONCE}; sig=${sig}`],
    ['an extra field', `v=1; ip=1.2.3.4; ts=${TS}; nonce=${NONCE}; sig=${sig}; x=1`],
    ['a hex signature', `v=1; ip=1.2.3.4; ts=${TS}; nonce=${NONCE}; sig=${'a'.repeat(64)}`],
  ] as const) {
    test(`malformed: ${name}`, () => assert.equal(parseAttestation(header), null));
  }
});

describe('webhook signature', () => {
  const body = '{"type":"enforcement.action"}';
  test('t and v1 = HMAC-SHA256(secret, t + "." + body), hex', () => {
    const header = signWebhook('whsec', body, NOW);
    assert.equal(header, `t=${TS},v1=${createHmac('sha256', 'whsec').update(`${TS}.${body}`).digest('hex')}`);
    assert.ok(verifyWebhook('whsec', body, header, NOW));
  });
  test('a changed body, a wrong secret or an old timestamp fails', () => {
    const header = signWebhook('whsec', body, NOW);
    assert.ok(!verifyWebhook('whsec', `${body} `, header, NOW));
    assert.ok(!verifyWebhook('other', body, header, NOW));
    assert.ok(!verifyWebhook('whsec', body, header, NOW + 301_000));
    assert.ok(!verifyWebhook('whsec', body, 'garbage', NOW));
  });
  test('backoff doubles from the base up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4, 10, 20].map((n) => backoffDelay(n, 10_000, 3_600_000)), [10_000, 20_000, 40_000, 80_000, 3_600_000, 3_600_000]);
  });
});
