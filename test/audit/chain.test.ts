/** The pure audit core: canonical encoding, the chain's hash rule, checkpoints, address truncation. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  canonicalBody,
  canonicalize,
  checkSignature,
  decisionData,
  usageData,
  type JsonValue,
  EMPTY_HEAD,
  GENESIS_HASH,
  sealEntries,
  signCheckpoint,
  NO_CHECKPOINT_KEYS,
  truncateCarrierIp,
  truncateIp,
  verifyRecords,
  type AuditEntry,
} from '../../src/audit/index.js';
import { sortingCanonicalize } from '../../src/audit/canonical.js';

describe('canonical encoding', () => {
  test('sorted keys, no white space, JSON strings and numbers (RFC 8785 for these values)', () => {
    assert.equal(canonicalize({ b: [1, 'x', null, true], a: { d: 1.5, c: -0 }, é: 'ü\n"' }), '{"a":{"c":0,"d":1.5},"b":[1,"x",null,true],"é":"ü\\n\\""}');
    assert.equal(canonicalize({ '10': 1, '9': 2, B: 3, a: 4 }), '{"10":1,"9":2,"B":3,"a":4}');
  });

  test('the JSON.stringify path and the sorting encoder agree on any value', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const KEYS = ['a', 'b', 'B', '10', '9', 'é', 'z_1', 'request_id', ''];
    const value = (depth: number): JsonValue => {
      const r = random();
      if (depth > 3 || r < 0.3) return [null, true, false, 0, -0, 1.5, -2e21, 'x', 'ü\n"', '\u2028'][Math.floor(random() * 10)] as JsonValue;
      if (r < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      const keys = KEYS.filter(() => random() < 0.4);
      if (random() < 0.5) keys.sort(); // sorted objects take the JSON.stringify path
      return Object.fromEntries(keys.map((k) => [k, value(depth + 1)]));
    };
    for (let i = 0; i < 2000; i++) {
      const v = value(0);
      assert.equal(canonicalize(v), sortingCanonicalize(v), JSON.stringify(v));
    }
  });

  test('the record builders make objects already in canonical order (the fast path)', () => {
    const data = decisionData({
      requestId: 'dec_1', endpoint: '/chat/completions', model: 'm', stream: false,
      origin: { ip: '1.2.3.0/24', source: 'socket', country: 'DE', subdivisions: ['DE-BE'], asn: 1, anonymizer: ['vpn'], unknown: null },
      keyId: 'k', tenantId: 't', tenant: 'acme', registeredCountry: null, policyHash: 'h', outcome: 'routed', code: null, provider: 'p', upstreamModel: 'u',
      decisions: [{ provider: 'p', effect: 'allow', layer: 'operator', rule: 'r', matched: null }], attestation: null,
    });
    const usage = usageData({ requestId: 'dec_1', keyId: 'k', tenantId: 't', tenant: 'acme', country: null, model: 'm', provider: 'p', upstreamModel: 'u', status: 200, complete: true, usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 2 }, costNanoUsd: null });
    for (const d of [data, usage]) assert.equal(JSON.stringify(d), sortingCanonicalize(d));
  });

  test('a decision record without a data version keeps the bytes of older records; with one, `versions` comes last, in canonical order', () => {
    const input = {
      requestId: 'dec_1', endpoint: '/chat/completions', model: 'm', stream: false,
      origin: { ip: '1.2.3.0/24', source: 'socket', country: 'DE', subdivisions: [], asn: null, anonymizer: [], unknown: null },
      keyId: 'k', tenantId: 't', tenant: 'acme', registeredCountry: null, policyHash: 'h', outcome: 'refused' as const, code: 'policy_region_denied', provider: null, upstreamModel: null,
      decisions: [], attestation: null,
    };
    // A record as written before data versions (the bytes its hash was computed over).
    const before = '{"attestation":null,"code":"policy_region_denied","decisions":[],"endpoint":"/chat/completions","key_id":"k","model":"m","origin":{"anonymizer":[],"asn":null,"country":"DE","ip":"1.2.3.0/24","source":"socket","subdivisions":[],"unknown":null},"outcome":"refused","policy_hash":"h","provider":null,"registered_country":null,"request_id":"dec_1","stream":false,"tenant":"acme","tenant_id":"t","upstream_model":null}';
    assert.equal(canonicalize(decisionData(input)), before);
    const versioned = decisionData({ ...input, dataVersion: 'dv_0123456789ab' });
    assert.equal(canonicalize(versioned), `${before.slice(0, -1)},"versions":{"data":"dv_0123456789ab"}}`);
    assert.equal(JSON.stringify(versioned), sortingCanonicalize(versioned));
  });

  test('what JSON cannot carry exactly is refused', () => {
    assert.throws(() => canonicalize({ n: Number.NaN }), TypeError);
    assert.throws(() => canonicalize({ n: Infinity }), TypeError);
    assert.throws(() => canonicalize({ n: undefined } as never), TypeError);
  });

  test('the body is the canonical JSON of { v, kind, at, ref, data }', () => {
    const e: AuditEntry = { kind: 'decision', at: 1767225600000, ref: 'dec_1', data: { z: 1, a: [2] } };
    assert.equal(canonicalBody(e), canonicalize({ v: 1, kind: e.kind, at: e.at, ref: e.ref, data: e.data }));
  });
});

describe('the chain', () => {
  const entries: AuditEntry[] = [1, 2, 3].map((i) => ({ kind: 'action', at: 1000 * i, ref: `r${i}`, data: { i } }));

  test('hash(n) = SHA-256(hash(n-1) ‖ canonical body), from 64 zeros', () => {
    const [first, second] = sealEntries(EMPTY_HEAD, entries);
    assert.equal(GENESIS_HASH, '0'.repeat(64));
    assert.equal(first?.hash, createHash('sha256').update(GENESIS_HASH + '{"at":1000,"data":{"i":1},"kind":"action","ref":"r1","v":1}').digest('hex'));
    assert.equal(second?.prevHash, first?.hash);
    assert.deepEqual([first?.seq, second?.seq], [1, 2]);
  });

  test('a sealed sequence verifies; a verifier started elsewhere reports the broken first link', () => {
    const sealed = sealEntries(EMPTY_HEAD, entries);
    assert.equal(verifyRecords(sealed, EMPTY_HEAD).ok, true);
    const report = verifyRecords(sealed.slice(1), EMPTY_HEAD);
    assert.deepEqual(report.problems.map((p) => [p.kind, p.seq]), [['missing', 1]]);
  });

  test('problems are kept up to a limit and counted beyond it', () => {
    const sealed = sealEntries(EMPTY_HEAD, Array.from({ length: 20 }, (_, i) => ({ kind: 'action' as const, at: i, ref: `r${i}`, data: { i } })));
    const changed = sealed.map((r) => ({ ...r, data: { i: -1 } }));
    const report = verifyRecords(changed, EMPTY_HEAD, { maxProblems: 5 });
    assert.equal(report.problems.length, 5);
    assert.equal(report.truncated, true);
    assert.equal(report.ok, false);
  });
});

describe('checkpoints', () => {
  const body = { kind: 'prune' as const, seq: 4, hash: 'a'.repeat(64), at: 5, prunedBefore: 3, pruned: 4 };
  const hmac = (secret: string) => ({ hmac: secret, publicKeys: [] });

  test('signed with HMAC-SHA256, as before (the same bytes); a changed checkpoint or another key fails', () => {
    const signed = signCheckpoint(body, { algorithm: 'hmac-sha256', secret: 'secret' });
    assert.equal(signed.signature, '8b0515853a2789c0e2f357daed9d543c91742998f701b71e4b0528ad7e4a42c8', 'an HMAC checkpoint written before ADR 0014');
    assert.equal(checkSignature(signed, hmac('secret')), 'valid');
    assert.equal(checkSignature({ ...signed, seq: 5 }, hmac('secret')), 'invalid');
    assert.equal(checkSignature(signed, hmac('other')), 'invalid');
    assert.equal(checkSignature(signed, NO_CHECKPOINT_KEYS), 'unchecked');
    assert.equal(checkSignature(signCheckpoint(body, null), hmac('secret')), 'unsigned');
  });
});

describe('client address truncation', () => {
  test('/24 and /48 by default, any prefix when configured, whole at 32 and 128', () => {
    const d = { v4: 24, v6: 48 };
    assert.equal(truncateIp('85.214.132.117', d), '85.214.132.0/24');
    assert.equal(truncateIp('2001:db8:1:2:3:4:5:6', d), '2001:db8:1::/48');
    assert.equal(truncateIp('2001:db8:abcd:12ff::1', { v4: 24, v6: 52 }), '2001:db8:abcd:1000::/52');
    assert.equal(truncateIp('85.214.132.117', { v4: 16, v6: 48 }), '85.214.0.0/16');
    assert.equal(truncateIp('85.214.132.117', { v4: 32, v6: 128 }), '85.214.132.117');
    assert.equal(truncateIp('2001:db8::1', { v4: 32, v6: 128 }), '2001:db8::1');
    assert.equal(truncateIp('85.214.132.117', { v4: 0, v6: 0 }), '0.0.0.0/0');
    assert.equal(truncateIp('not an address', d), null);
  });

  test('a carrier address shows no more of the IPv4 address it carries than the IPv4 address itself shows', () => {
    const d = { v4: 24, v6: 48 };
    assert.equal(truncateCarrierIp('2002:5a0:1::1', '6to4', d), '2002:5a0::/40', '6to4 holds the address in bits 16–47: keep 16 + 24');
    assert.equal(truncateCarrierIp('2002:5a0:1::1', '6to4', { v4: 16, v6: 48 }), '2002:5a0::/32');
    assert.equal(truncateCarrierIp('2002:5a0:1::1', '6to4', { v4: 32, v6: 128 }), '2002:5a0:1::1', 'whole when both are kept whole');
    assert.equal(truncateCarrierIp('2002:5a0:1::1', '6to4', { v4: 32, v6: 32 }), '2002:5a0::/32', 'never more than the IPv6 prefix');
    assert.equal(truncateCarrierIp('2001:0:4136:e378:8000:63bf:fa5f:fffe', 'teredo', d), '2001:0:4136::/48', 'the last 32 bits are below /48');
    assert.equal(truncateCarrierIp('2001:0:4136:e378:8000:63bf:fa5f:fffe', 'teredo', { v4: 24, v6: 128 }), '2001:0:4136:e378:8000:63bf:fa5f:ff00/120');
    assert.equal(truncateCarrierIp('64:ff9b::5.160.0.1', 'nat64', { v4: 32, v6: 128 }), '64:ff9b::5a0:1');
  });
});
