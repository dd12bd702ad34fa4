/** The `enforcement:` config section: defaults, per-tenant overrides, durations, clear errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, requireSecrets } from '../../src/config/index.js';
import { policyFor } from '../../src/enforcement/index.js';
import { configFrom, settingsFrom } from './policy-fixture.js';

const HOUR = 3_600_000;

describe('enforcement config', () => {
  test('the default install enforces with the documented ladder', () => {
    const s = settingsFrom();
    assert.equal(s.enabled, true);
    assert.deepEqual(s.defaults.ladder, [
      { action: 'warn', score: 3, windowMs: HOUR, durationMs: null },
      { action: 'suspend', score: 10, windowMs: HOUR, durationMs: HOUR },
      { action: 'block', score: 40, windowMs: 7 * 24 * HOUR, durationMs: null },
    ]);
    assert.deepEqual(s.defaults.weights.anonymizer, { tor: 5, public_proxy: 4, residential_proxy: 4, vpn: 2, hosting: 0.5 });
    assert.deepEqual(s.defaults.fanOut, { enabled: true, maxCountries: 4, maxNetworks: 16, windowMs: HOUR });
    assert.equal(s.attestation.maxSkewMs, 300_000);
    assert.equal(s.webhook, null);
    assert.deepEqual(configFrom({}).origin.lists.asn, [{ file: 'bundled', flag: 'hosting' }], 'the anonymizer lists are origin.lists now');
  });

  test('per-tenant overrides merge over the section; a null rung is off', () => {
    const s = settingsFrom({
      weights: { anonymizer: { vpn: 3 } },
      tenants: { acme: { country_mismatch: false, end_user_traffic: true, ladder: { suspend: { score: 20 }, block: null }, fan_out: { max_countries: 50 }, weights: { anonymizer: { hosting: 1 } } } },
    });
    const acme = policyFor(s, 'acme');
    assert.equal(acme.countryMismatch, false);
    assert.equal(acme.endUserTraffic, true);
    assert.deepEqual(acme.ladder.map((r) => [r.action, r.score, r.windowMs, r.durationMs]), [['warn', 3, HOUR, null], ['suspend', 20, HOUR, HOUR]]);
    assert.equal(acme.fanOut.maxCountries, 50);
    assert.equal(acme.fanOut.maxNetworks, 16);
    assert.deepEqual(acme.weights.anonymizer, { tor: 5, public_proxy: 4, residential_proxy: 4, vpn: 3, hosting: 1 });
    assert.equal(policyFor(s, 'globex'), s.defaults);
  });

  test('durations: strings and milliseconds', () => {
    const s = settingsFrom({ ladder: { warn: { score: 2, window: '90m' }, suspend: { score: 5, window: 600000, duration: '1h30m' } }, attestation: { max_skew: '2m' } });
    assert.deepEqual(s.defaults.ladder.slice(0, 2).map((r) => [r.windowMs, r.durationMs]), [[90 * 60_000, null], [600_000, 90 * 60_000]]);
    assert.equal(s.attestation.maxSkewMs, 120_000);
  });

  test('the webhook secret comes from the environment', () => {
    const s = settingsFrom({ webhook: { url: 'https://ops.example.com/hook', secret: 'env:HOOK_SECRET' } }, { HOOK_SECRET: 's3cret' });
    assert.deepEqual({ ...s.webhook, secret: s.webhook?.secret.reveal() }, { url: 'https://ops.example.com/hook', secret: 's3cret', timeoutMs: 10_000, maxAttempts: 12, backoffBaseMs: 10_000, backoffMaxMs: HOUR, pollIntervalMs: 5000 });
  });

  test('an unset webhook secret fails when a webhook is signed, and when the gateway starts; not when the config loads', () => {
    const config = configFrom({ enforcement: { webhook: { url: 'https://x.example/h', secret: 'env:NOPE' } } });
    assert.throws(() => config.enforcement.webhook?.secret.reveal(), (e) => e instanceof ConfigError && /enforcement\.webhook\.secret: environment variable NOPE is not set \(webhooks are signed with it\)/.test(e.message));
    assert.throws(() => requireSecrets(config), (e) => e instanceof ConfigError && /NOPE is not set/.test(e.message));
  });

  for (const [name, enforcement, message] of [
    ['an unknown key', { wieghts: {} }, /enforcement: unknown key "wieghts"|Unrecognized key/],
    ['a bad duration', { fan_out: { window: 'an hour' } }, /enforcement\.fan_out\.window.*expected a duration/],
    ['a secret written in the file', { webhook: { url: 'https://x.example/h', secret: 'hunter2' } }, /enforcement\.webhook\.secret.*env:NAME/],
    ['a suspension with no duration', { ladder: { suspend: { score: 5, window: '1h' } } }, /enforcement\.ladder\.suspend\.duration/],
    ['an unknown anonymizer flag', { lists: { cidr: [{ file: 'x.txt', flag: 'satellite' }] } }, /enforcement\.lists\.cidr/],
  ] as const) {
    test(`refused: ${name}`, () => {
      assert.throws(() => configFrom({ enforcement }), (e) => e instanceof ConfigError && message.test(e.message));
    });
  }
});
