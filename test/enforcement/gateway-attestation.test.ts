/**
 * Attested end-user origin through the real gateway: a valid attestation makes its address the origin
 * (so an attested North Korean user is refused although the tenant's server is in the US); a bad
 * signature, a stale time, a replayed nonce, a malformed header and a tenant not allowed to attest are
 * ignored for origin and recorded as violations.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ATTESTATION_HEADER } from '../../src/gateway/index.js';
import { signAttestation } from '../../src/enforcement/index.js';
import { PLACES, startEnforcementGateway, type EnforcementGateway } from './enforcement-fixture.js';

const SECRET = 'cas_' + 'k'.repeat(43);
let env: EnforcementGateway;

before(async () => {
  // End users are everywhere: this tenant does not count country mismatch.
  env = await startEnforcementGateway({ enforcement: { tenants: { saas: { country_mismatch: false } } } });
  const tenant = await env.gw.app.store.accounts.ensureTenant({ name: 'saas', registeredCountry: 'US' });
  await env.gw.app.store.enforcement.setAttestationSecret(tenant.id, SECRET);
});
after(() => env?.close());

const nonce = () => randomBytes(12).toString('base64url');
const seconds = () => Math.floor(env.clock.now() / 1000);
const attest = (ip: string, options: { secret?: string; ts?: number; nonce?: string } = {}) => ({
  [ATTESTATION_HEADER]: signAttestation(options.secret ?? SECRET, { ip, ts: options.ts ?? seconds(), nonce: options.nonce ?? nonce() }),
});

async function violationsOf(keyId: string) {
  return env.gw.app.store.enforcement.listViolations({ keyId });
}

describe('attested end-user origin', () => {
  test('valid: the attested address is the origin (an attested KP user is refused)', async () => {
    const { secret, keyId } = await env.key('saas', 'US');
    const answer = await env.ask(secret, PLACES.US, attest(PLACES.KP));
    assert.deepEqual([answer.status, answer.code], [403, 'unsupported_country_region_territory']);
    const [v] = await violationsOf(keyId);
    assert.deepEqual([v?.rule, v?.origin.source, v?.origin.country], ['enforcement.denied_region', 'attested', 'KP']);
  });

  test('valid: an allowed end user passes with no violation', async () => {
    const { secret, keyId } = await env.key('saas', 'US');
    assert.equal((await env.ask(secret, PLACES.US, attest(PLACES.DE))).status, 200);
    assert.deepEqual(await violationsOf(keyId), []);
  });

  const invalid: Array<[string, () => Record<string, string>, string]> = [
    ['a bad signature', () => attest(PLACES.KP, { secret: `${SECRET}-wrong` }), 'bad_signature'],
    ['a stale timestamp', () => attest(PLACES.KP, { ts: seconds() - 301 }), 'stale'],
    ['a timestamp from the future', () => attest(PLACES.KP, { ts: seconds() + 301 }), 'stale'],
    ['a malformed header', () => ({ [ATTESTATION_HEADER]: `ip=${PLACES.KP}` }), 'malformed'],
  ];
  for (const [name, header, reason] of invalid) {
    test(`${name}: ignored for origin, recorded as attestation abuse`, async () => {
      const { secret, keyId } = await env.key('saas', 'US');
      const answer = await env.ask(secret, PLACES.US, header());
      assert.equal(answer.status, 200, 'the origin is the forwarded US address, not the attested KP one');
      assert.match(answer.warning ?? '', /warned/, 'weight 3 reaches the warn threshold');
      const [v] = await violationsOf(keyId);
      assert.deepEqual([v?.signal, v?.rule, v?.origin.source, v?.origin.country], ['attestation_abuse', `enforcement.attestation.${reason}`, 'forwarded', 'US']);
    });
  }

  test('a replayed nonce: the first use counts, the replay is ignored and recorded', async () => {
    const { secret, keyId } = await env.key('saas', 'US');
    const header = attest(PLACES.KP);
    assert.equal((await env.ask(secret, PLACES.US, header)).code, 'unsupported_country_region_territory');
    env.clock.advance(1000);
    const replay = await env.ask(secret, PLACES.US, header);
    assert.equal(replay.status, 200, 'the replay does not set the origin');
    assert.deepEqual((await violationsOf(keyId)).map((v) => v.rule), ['enforcement.attestation.replayed', 'enforcement.denied_region']);
  });

  test('a tenant that may not attest: ignored and recorded', async () => {
    const { secret, keyId } = await env.key('plain', 'US');
    const answer = await env.ask(secret, PLACES.US, attest(PLACES.KP));
    assert.equal(answer.status, 200);
    assert.deepEqual((await violationsOf(keyId)).map((v) => v.rule), ['enforcement.attestation.not_allowed']);
  });
});
