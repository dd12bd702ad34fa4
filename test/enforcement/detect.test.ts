/** Signals → findings, as a table: which fire, with which rule and weight. Pure. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UNKNOWN_GEO, type AnonymizerFlag, type Origin } from '../../src/domain/origin.js';
import { detectSignals, type DetectionInput } from '../../src/enforcement/index.js';
import type { FlagHit } from '../../src/origin/index.js';
import { defaultPolicy } from './policy-fixture.js';

function origin(country: string | null, anonymizer: AnonymizerFlag[] = [], source: Origin['source'] = 'forwarded'): Origin {
  return { ...UNKNOWN_GEO, country, anonymizer, unknown: country === null ? 'not_found' : null, ip: '203.0.113.9', source };
}
const geoHits = (...flags: FlagHit['flag'][]): FlagHit[] => flags.map((flag) => ({ flag, source: 'geo' }));

function input(over: Partial<DetectionInput>): DetectionInput {
  return {
    origin: origin('US'),
    network: '203.0.113.0/24',
    registeredCountry: 'US',
    refused: false,
    denials: [],
    attestation: null,
    anonymizer: [],
    travel: null,
    fanOut: null,
    policy: defaultPolicy(),
    countryMismatch: true,
    ...over,
  };
}

const rules = (i: DetectionInput) => detectSignals(i).map((f) => `${f.rule}=${f.weight}`);

describe('detectSignals', () => {
  const cases: Array<[string, Partial<DetectionInput>, string[]]> = [
    ['a clean request from the registered country', {}, []],
    ['a refused request', { refused: true, origin: origin('KP'), countryMismatch: false, denials: [{ provider: 'openai', layer: 'law', ruleId: 'law.us_sanctions.kp', matched: 'country=KP' }] }, ['enforcement.denied_region=1']],
    ['a Tor exit counts with the Tor weight', { anonymizer: geoHits('tor') }, ['enforcement.anonymizer.tor=5']],
    ['Tor and hosting at once count once, as Tor', { anonymizer: geoHits('hosting', 'tor', 'vpn') }, ['enforcement.anonymizer.tor=5']],
    ['a VPN', { anonymizer: geoHits('vpn') }, ['enforcement.anonymizer.vpn=2']],
    ['a residential proxy', { anonymizer: geoHits('residential_proxy') }, ['enforcement.anonymizer.residential_proxy=4']],
    ['hosting alone does not count', { anonymizer: geoHits('hosting') }, []],
    ['hosting beside a country mismatch counts, weakly', { origin: origin('DE'), anonymizer: geoHits('hosting') }, ['enforcement.country_mismatch=1', 'enforcement.anonymizer.hosting=0.5']],
    ['hosting counts alone for a tenant registered for end-user traffic', { anonymizer: geoHits('hosting'), policy: defaultPolicy({ endUserTraffic: true }) }, ['enforcement.anonymizer.hosting=0.5']],
    ['a location-preserving relay is not a bypass', { origin: origin('US', ['relay']), anonymizer: [] }, []],
    ['country mismatch', { origin: origin('DE') }, ['enforcement.country_mismatch=1']],
    ['country mismatch switched off for the tenant', { origin: origin('DE'), countryMismatch: false }, []],
    ['no mismatch without a registered country', { origin: origin('DE'), registeredCountry: null }, []],
    ['no mismatch for an unknown origin', { origin: origin(null) }, []],
    ['an invalid attestation', { attestation: { status: 'invalid', reason: 'replayed' } }, ['enforcement.attestation.replayed=3']],
    ['a valid attestation is no signal', { attestation: { status: 'valid', ip: '203.0.113.9' } }, []],
    ['fan-out over the country limit', { fanOut: { countries: 5, networks: 5, countrySample: ['US', 'DE', 'FR', 'JP', 'BR'] } }, ['enforcement.fan_out.countries=10']],
    ['fan-out at the limit does not fire', { fanOut: { countries: 4, networks: 16, countrySample: [] } }, []],
    ['fan-out over the network limit', { fanOut: { countries: 1, networks: 17, countrySample: ['US'] } }, ['enforcement.fan_out.networks=10']],
    ['a zero weight turns a signal off', { origin: origin('DE'), policy: defaultPolicy({ weights: { ...defaultPolicy().weights, countryMismatch: 0 } }) }, []],
  ];
  for (const [name, over, want] of cases) test(name, () => assert.deepEqual(rules(input(over)), want));

  test('state-like findings carry a repeat scope; acts count every time', () => {
    const scopes = (i: DetectionInput) => detectSignals(i).map((f) => [f.signal, f.repeatScope]);
    assert.deepEqual(scopes(input({ origin: origin('DE'), anonymizer: geoHits('vpn') })), [['country_mismatch', 'DE'], ['anonymizer', '203.0.113.0/24']]);
    assert.deepEqual(scopes(input({ fanOut: { countries: 9, networks: 9, countrySample: [] } })), [['fan_out', 'window']]);
    assert.deepEqual(scopes(input({ refused: true, countryMismatch: false })), [['denied_region', null]]);
    assert.deepEqual(scopes(input({ attestation: { status: 'invalid', reason: 'stale' } })), [['attestation_abuse', 'stale']]);
    assert.deepEqual(scopes(input({ attestation: { status: 'invalid', reason: 'bad_signature' } })), [['attestation_abuse', null]]);
  });

  test('evidence names what fired', () => {
    const [finding] = detectSignals(input({ anonymizer: [{ flag: 'tor', source: 'tor_list', lastSeen: '2026-06-01T00:00:00.000Z' }] }));
    assert.deepEqual(finding?.detail, { flag: 'tor', hits: [{ flag: 'tor', source: 'tor_list', last_seen: '2026-06-01T00:00:00.000Z' }] });
    const [mismatch, hosting] = detectSignals(input({ origin: origin('DE'), anonymizer: geoHits('hosting') }));
    assert.deepEqual(mismatch?.detail, { registered: 'US', origin: 'DE' });
    assert.deepEqual(hosting?.detail.counted_because, ['country_mismatch']);
  });
});
