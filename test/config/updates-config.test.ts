/** `updates:`: nothing updated by default, defaults per kind, the MaxMind account, clear errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from '../../src/config/index.js';

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
});
