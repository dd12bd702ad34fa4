/** `updates:`: nothing updated by default, defaults per kind, the MaxMind account, clear errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, loadConfig, requireSecrets } from '../../src/config/index.js';

function load(doc: Record<string, unknown>, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-updates-'));
  const file = join(dir, 'cordon.yaml');
  writeFileSync(file, stringify(doc));
  return { config: loadConfig({ file, env }), dir };
}

const city = { kind: 'maxmind', name: 'city', edition: 'GeoLite2-City', file: 'geo/GeoLite2-City.mmdb' };

describe('updates config', () => {
  test('no sources by default: the bundled data is not updated', () => {
    const config = loadConfig({ env: {} });
    assert.deepEqual(config.updates.sources, []);
    assert.equal(config.updates.intervalMinutes, 1440);
  });

  test('MaxMind editions take their role from the name and a default maximum age; paths are relative to the file', () => {
    const { config, dir } = load({
      updates: {
        maxmind: { account_id: 42, license_key: 'env:MAXMIND_LICENSE_KEY' },
        sources: [city, { ...city, name: 'asn', edition: 'GeoLite2-ASN' }, { ...city, name: 'anon', edition: 'GeoIP2-Anonymous-IP' }, { kind: 'tor_exits', name: 'tor', url: 'https://check.torproject.org/torbulkexitlist', file: 'tor.txt', max_age_days: 1 }],
      },
    }, { MAXMIND_LICENSE_KEY: 'k' });
    assert.deepEqual(config.updates.sources.map((s) => [s.name, 'role' in s ? s.role : null, s.maxAgeDays]), [['city', 'location', 35], ['asn', 'asn', 35], ['anon', 'anonymous_ip', 35], ['tor', null, 1]]);
    assert.equal((config.updates.sources[0] as { file: string }).file, join(dir, 'geo/GeoLite2-City.mmdb'));
    assert.equal(config.updates.maxmind?.accountId, '42');
    assert.equal(config.updates.maxmind?.licenseKey.reveal(), 'k');
    assert.equal(JSON.stringify(config.updates.maxmind), '{"accountId":"42","licenseKey":"env:MAXMIND_LICENSE_KEY","host":"https://updates.maxmind.com"}', 'the key is never printed');
  });

  test('a MaxMind source without an account, a name used twice and a licence key written in the file are refused', () => {
    assert.throws(() => load({ updates: { sources: [city] } }), (e) => e instanceof ConfigError && /a maxmind source needs updates\.maxmind/.test(e.message));
    assert.throws(() => load({ updates: { maxmind: { account_id: 1, license_key: 'env:K' }, sources: [city, city] } }), (e) => e instanceof ConfigError && /"city" is used twice/.test(e.message));
    assert.throws(() => load({ updates: { maxmind: { account_id: 1, license_key: 'abc123' } } }), (e) => e instanceof ConfigError && /secret reference/.test(e.message));
  });

  describe('MaxMind from the environment (geoipupdate\'s variables)', () => {
    const env = { GEOIPUPDATE_ACCOUNT_ID: '42', GEOIPUPDATE_LICENSE_KEY: 'secret-licence' };

    test('with no updates block: City and ASN kept current in <data_dir>/geo, the geo service pointed at them, the bundled data standing in', () => {
      const { config, dir } = load({ data_dir: 'state' }, env);
      const geoDir = join(dir, 'state', 'geo');
      assert.deepEqual(config.updates.sources, [
        { kind: 'maxmind', name: 'geolite2-city', edition: 'GeoLite2-City', role: 'location', file: join(geoDir, 'GeoLite2-City.mmdb'), maxAgeDays: 35 },
        { kind: 'maxmind', name: 'geolite2-asn', edition: 'GeoLite2-ASN', role: 'asn', file: join(geoDir, 'GeoLite2-ASN.mmdb'), maxAgeDays: 35 },
      ]);
      assert.equal(config.updates.scheduled, true);
      assert.equal(config.updates.maxmind?.accountId, '42');
      assert.equal(config.updates.maxmind?.host, 'https://updates.maxmind.com');
      assert.equal(config.updates.maxmind?.licenseKey.reveal(), 'secret-licence');
      assert.deepEqual(config.geo.location, [join(geoDir, 'GeoLite2-City.mmdb')]);
      assert.equal(config.geo.asn, join(geoDir, 'GeoLite2-ASN.mmdb'));
      assert.deepEqual(config.geo.bundledUntilLoaded, { location: true, asn: true });
      assert.doesNotMatch(JSON.stringify(config), /secret-licence/, 'the key is never in the resolved config');
    });

    test('with no config file at all, relative to the working directory', () => {
      const cwd = mkdtempSync(join(tmpdir(), 'cordon-cwd-'));
      const config = loadConfig({ env, cwd });
      assert.deepEqual(config.geo.location, [join(cwd, '.cordon', 'geo', 'GeoLite2-City.mmdb')]);
    });

    test('GEOIPUPDATE_EDITION_IDS and GEOIPUPDATE_HOST as geoipupdate reads them; editions Cordon does not read are left out, with a warning', () => {
      const { config, dir } = load({}, { ...env, GEOIPUPDATE_EDITION_IDS: 'GeoIP2-Country GeoIP2-City GeoIP2-ISP GeoIP2-Anonymous-IP', GEOIPUPDATE_HOST: 'updates.example.net' });
      const geoDir = join(dir, '.cordon', 'geo');
      assert.deepEqual(config.updates.sources.map((s) => s.name), ['geoip2-country', 'geoip2-city', 'geoip2-isp', 'geoip2-anonymous-ip']);
      assert.deepEqual(config.geo.location, [join(geoDir, 'GeoIP2-City.mmdb'), join(geoDir, 'GeoIP2-Country.mmdb')], 'City first');
      assert.equal(config.geo.asn, join(geoDir, 'GeoIP2-ISP.mmdb'));
      assert.equal(config.geo.anonymousIp, join(geoDir, 'GeoIP2-Anonymous-IP.mmdb'));
      assert.equal(config.updates.maxmind?.host, 'https://updates.example.net');
      const other = load({}, { ...env, GEOIPUPDATE_EDITION_IDS: 'GeoLite2-City GeoIP2-Connection-Type' }).config;
      assert.deepEqual(other.updates.sources.map((s) => s.name), ['geolite2-city']);
      assert.equal(other.geo.asn, 'bundled');
      assert.deepEqual(other.geo.bundledUntilLoaded, { location: true, asn: false });
      assert.match(other.warnings.join('\n'), /GEOIPUPDATE_EDITION_IDS: "GeoIP2-Connection-Type" not downloaded/);
      assert.throws(() => load({}, { ...env, GEOIPUPDATE_ACCOUNT_ID: 'abc' }), (e) => e instanceof ConfigError && /GEOIPUPDATE_ACCOUNT_ID: expected the numeric/.test(e.message));
    });

    test('the file decides when it says anything: updates.maxmind or updates.sources, or geo files of its own', () => {
      const own = load({ updates: { sources: [] } }, env).config;
      assert.deepEqual(own.updates.sources, []);
      assert.equal(own.updates.maxmind, null);
      assert.equal(own.geo.location, 'bundled');
      assert.match(own.warnings.join('\n'), /GEOIPUPDATE_\* account variables are set but ignored/);
      const account = load({ updates: { maxmind: { account_id: 7, license_key: 'env:MY_KEY' } } }, { ...env, MY_KEY: 'k' }).config;
      assert.deepEqual(account.updates.sources, []);
      assert.equal(account.updates.maxmind?.accountId, '7');
      const geo = load({ geo: { location: ['mine.mmdb'] } }, env);
      assert.deepEqual(geo.config.geo.location, [join(geo.dir, 'mine.mmdb')]);
      assert.equal(geo.config.geo.asn, join(geo.dir, '.cordon', 'geo', 'GeoLite2-ASN.mmdb'));
      assert.deepEqual(geo.config.geo.bundledUntilLoaded, { location: false, asn: true });
      assert.match(geo.config.warnings.join('\n'), /GeoLite2-City\.mmdb \(downloaded because of GEOIPUPDATE_\*\) kept current but not used/);
      const named = load({ geo: { location: ['.cordon/geo/GeoLite2-City.mmdb', 'mine.mmdb'] } }, env).config;
      assert.deepEqual(named.warnings, [], 'the file names the downloaded file itself: used');
      assert.deepEqual(named.geo.bundledUntilLoaded, { location: false, asn: true });
    });

    test('the _FILE forms (Docker secrets): the account id read at load, the key when used, never printed', () => {
      const secrets = mkdtempSync(join(tmpdir(), 'cordon-secrets-'));
      writeFileSync(join(secrets, 'id'), '42\n');
      writeFileSync(join(secrets, 'key'), 'file-licence\n');
      const config = loadConfig({ env: { GEOIPUPDATE_ACCOUNT_ID_FILE: 'id', GEOIPUPDATE_LICENSE_KEY_FILE: join(secrets, 'key') }, cwd: secrets });
      assert.equal(config.updates.maxmind?.accountId, '42');
      assert.equal(config.updates.maxmind?.licenseKey.reveal(), 'file-licence');
      assert.equal(config.updates.sources.length, 2);
      assert.doesNotMatch(JSON.stringify(config), /file-licence/);
      const missing = loadConfig({ env: { GEOIPUPDATE_ACCOUNT_ID: '42', GEOIPUPDATE_LICENSE_KEY_FILE: join(secrets, 'nope') }, cwd: secrets });
      assert.throws(() => requireSecrets(missing), (e) => e instanceof ConfigError && /cannot read .*nope \(named by GEOIPUPDATE_LICENSE_KEY_FILE\): ENOENT/.test(e.message));
      assert.throws(() => loadConfig({ env: { GEOIPUPDATE_ACCOUNT_ID_FILE: 'nope', GEOIPUPDATE_LICENSE_KEY: 'k' }, cwd: secrets }), (e) => e instanceof ConfigError && /GEOIPUPDATE_ACCOUNT_ID_FILE: cannot read nope: ENOENT/.test(e.message));
    });

    test('one variable without the other downloads nothing and says so; none set changes nothing', () => {
      const half = load({}, { GEOIPUPDATE_ACCOUNT_ID: '42' }).config;
      assert.deepEqual(half.updates.sources, []);
      assert.match(half.warnings.join('\n'), /GEOIPUPDATE_LICENSE_KEY is not/);
      const none = loadConfig({ env: {} });
      assert.deepEqual(none.geo.bundledUntilLoaded, { location: false, asn: false });
      assert.deepEqual(none.warnings, []);
    });
  });
});
