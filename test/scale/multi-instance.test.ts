/**
 * Two Cordon processes behind one "load balancer" (the test alternates between them), sharing one
 * PostgreSQL schema and one Redis prefix, behave as one gateway: a key resold across both is caught by
 * fan-out counted over both, a suspension made through one is refused by the other, a policy applied
 * with the CLI is enforced by both within a second, and the audit log the two wrote verifies.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresAvailable, redisAvailable } from '../helpers/services.js';
import { startCluster, within, type Cluster, type Instance } from './scale-fixture.js';

const pg = await postgresAvailable();
const redis = await redisAvailable();
const skip = pg.skip ?? redis.skip ?? false;

/** Where the bundled geo data puts these addresses (test/enforcement/enforcement-fixture.ts). */
const PLACES = { US: '4.2.2.2', DE: '130.149.1.1', FR: '212.27.48.10', JP: '133.242.0.3', BR: '200.160.2.3', AU: '203.2.218.214' } as const;

const POLICY_DENYING_BR = `version: 1
layers:
  law:
    presets: [us-sanctions]
  operator:
    default: allow
    rules:
      - id: operator.no_br
        effect: deny
        match: { country: [BR] }
`;

describe('several instances, one truth', { skip }, () => {
  let cluster: Cluster;
  let a: Instance;
  let b: Instance;

  before(async () => {
    cluster = await startCluster({
      // Fan-out is the only signal here: more than 3 countries in an hour suspends at once (weight 10).
      enforcement: { impossible_travel: { enabled: false }, country_mismatch: false, fan_out: { max_countries: 3, max_networks: 1000 }, weights: { denied_region: 0 } },
    });
    const migrated = cluster.cliJson<{ version: number; backend: string }>(['migrate']);
    assert.equal(migrated.backend, 'postgres');
    [a, b] = await Promise.all([cluster.start(), cluster.start()]);
  });
  after(() => cluster?.close());

  const key = (tenant: string) => cluster.cliJson<{ key: string; id: string }>(['keys', 'create', '--tenant', tenant]);

  test('a key used from many countries through both instances is suspended: fan-out is counted across them', async () => {
    const { key: secret, id } = key('reseller');
    // Two countries through each instance: neither sees more than the limit of three on its own.
    assert.equal((await cluster.ask(a, secret, PLACES.US)).status, 200);
    assert.equal((await cluster.ask(b, secret, PLACES.DE)).status, 200);
    assert.equal((await cluster.ask(a, secret, PLACES.FR)).status, 200);
    assert.deepEqual(await cluster.ask(b, secret, PLACES.JP), { status: 403, code: 'account_suspended' }, 'the fourth country, seen on B, suspends');
    assert.deepEqual(await cluster.ask(a, secret, PLACES.US), { status: 403, code: 'account_suspended' }, 'A refuses it too');
    const shown = cluster.cliJson<{ keys: Array<{ status: string }>; violations: Array<{ signal: string; detail: { countries: number } }> }>(['accounts', 'show', id]);
    assert.equal(shown.keys[0]?.status, 'suspended');
    const fanOut = shown.violations.find((v) => v.signal === 'fan_out');
    assert.equal(fanOut?.detail.countries, 4);
  });

  test('a suspension made through one instance is refused by the other at once', async (t) => {
    const { key: secret, id } = key('acme');
    assert.equal((await cluster.ask(b, secret, PLACES.US)).status, 200);
    const { token } = cluster.cliJson<{ token: string }>(['admin-tokens', 'create', '--role', 'admin', '--name', 'ops']);
    const res = await fetch(`${a.url}/admin/accounts/${id}/suspend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ for: '1h', note: 'chargeback' }),
    });
    assert.equal(res.status, 201, await res.text());
    const took = await within(1000, async () => (await cluster.ask(b, secret, PLACES.US)).code === 'account_suspended');
    assert.ok(took < 1000, `refused by B after ${Math.round(took)} ms`);
    t.diagnostic(`suspended through A, refused by B after ${Math.round(took)} ms`);
  });

  test('a policy applied with the CLI against the shared store is enforced by both within a second', async (t) => {
    const { key: secret } = key('globex');
    assert.equal((await cluster.ask(a, secret, PLACES.BR)).status, 200);
    assert.equal((await cluster.ask(b, secret, PLACES.BR)).status, 200);
    const file = join(cluster.dir, 'no-br.yaml');
    writeFileSync(file, POLICY_DENYING_BR);
    const apply = cluster.cli(['policy', 'apply', file, '--author', 'alice', '--reason', 'test: no BR']);
    assert.equal(apply.status, 0, apply.stderr);
    const denied = async (i: Instance) => (await cluster.ask(i, secret, PLACES.BR)).code === 'unsupported_country_region_territory';
    const [onA, onB] = await Promise.all([within(2000, () => denied(a)), within(2000, () => denied(b))]);
    assert.ok(onA < 1000 && onB < 1000, `enforced after ${Math.round(onA)} ms on A and ${Math.round(onB)} ms on B`);
    t.diagnostic(`policy applied by the CLI, enforced after ${Math.round(onA)} ms on A and ${Math.round(onB)} ms on B`);
    assert.equal((await cluster.ask(a, secret, PLACES.AU)).status, 200, 'other countries still pass');
  });

  test('the audit log both instances wrote is one chain, and it verifies', async () => {
    const verify = cluster.cliJson<{ ok: boolean; checked: number; problems: unknown[] }>(['audit', 'verify']);
    assert.equal(verify.ok, true, JSON.stringify(verify.problems));
    assert.ok(verify.checked >= 12, `${verify.checked} records`);
    for (const i of [a, b]) assert.doesNotMatch(i.logs(), /"level":50/, 'no error was logged');
  });
});
