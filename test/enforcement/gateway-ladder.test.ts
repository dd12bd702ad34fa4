/**
 * Enforcement end to end through the real gateway, on an injected clock: fan-out suspends and the
 * suspension ends on time, Tor and VPN hits count, hosting alone never suspends, impossible travel
 * fires and a plausible trip does not.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from '../../src/operations/index.js';
import { actionData } from '../../src/audit/index.js';
import type { EnforcementAction } from '../../src/domain/enforcement.js';
import { hasSeries, sampleSum, scrape } from '../helpers/metrics.js';
import { PLACES, startEnforcementGateway, type EnforcementGateway } from './enforcement-fixture.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
let env: EnforcementGateway;
const listDir = mkdtempSync(join(tmpdir(), 'cordon-tor-'));

before(async () => {
  const torList = join(listDir, 'exit-addresses');
  writeFileSync(torList, `ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E\nPublished 2026-05-31 21:39:04\nLastStatus 2026-06-01 03:00:00\nExitAddress ${PLACES.DE_TOR} 2026-06-01 03:12:47\nExitAddress ${PLACES.DE_TOR_2} 2026-06-01 02:00:00\n`);
  env = await startEnforcementGateway({
    // The edge's country header makes a country-level origin (no city, no coordinates: the centroid).
    server: { trusted_proxies: ['127.0.0.1/32'], country_header: 'cf-ipcountry' },
    origin: { lists: { tor_exits: torList, watch: false } },
    enforcement: {
      tenants: {
        // Only fan-out counts for the resale tenant, so the scenario shows that one signal.
        resale: { country_mismatch: false, impossible_travel: { enabled: false } },
        travel: { country_mismatch: false },
        'tor-user': { impossible_travel: { enabled: false } },
      },
    },
  });
});
after(async () => {
  await env?.close();
  rmSync(listDir, { recursive: true, force: true });
});

async function violations(keyId: string) {
  return env.gw.app.store.enforcement.listViolations({ keyId });
}

describe('fan-out', () => {
  test('a key used from five countries in ten minutes is suspended, and the suspension ends on time', async () => {
    const { secret, keyId } = await env.key('resale', 'US');
    const metricsBefore = await scrape(env.gw.url);
    for (const ip of [PLACES.US, PLACES.DE, PLACES.FR, PLACES.BR]) {
      assert.equal((await env.ask(secret, ip)).status, 200, ip);
      env.clock.advance(2 * MIN);
    }
    const fifth = await env.ask(secret, PLACES.JP);
    const until = new Date(env.clock.now() + HOUR).toISOString();
    assert.deepEqual([fifth.status, fifth.code], [403, 'account_suspended'], 'the request that crossed the line is refused');
    assert.ok(fifth.message?.includes(until), fifth.message ?? '');

    env.clock.advance(MIN);
    const next = await env.ask(secret, PLACES.US);
    assert.deepEqual([next.status, next.code], [403, 'account_suspended']);
    // Both refusals are on record once each: the one that crossed the line and the one refused for the standing.
    for (const [answer, country] of [[fifth, 'JP'], [next, 'US']] as const) {
      const decisions = (await env.gw.app.store.audit.findByRef(answer.decisionId ?? '')).filter((r) => r.kind === 'decision');
      assert.deepEqual(decisions.map((r) => [r.data.outcome, r.data.code, (r.data.origin as { country: string }).country]), [['refused', 'account_suspended', country]]);
    }

    const [found] = await violations(keyId);
    assert.equal(found?.rule, 'enforcement.fan_out.countries');
    assert.equal(found?.detail.countries, 5);
    assert.equal(found?.detail.max_countries, 4);
    assert.equal(found?.origin.country, 'JP');
    assert.equal(found?.origin.network, '133.242.0.0/24', 'the address is kept truncated');
    const [action] = await env.gw.app.store.enforcement.listActions({ keyId });
    assert.deepEqual([action?.kind, action?.actor, action?.rule, action?.violationIds], ['suspend', 'ladder', 'ladder.suspend', [found?.id]]);

    // The suspension is in the hash-chained audit log, about the key, and the whole chain verifies.
    const records = (await env.gw.app.store.audit.findByRef(keyId)).filter((r) => r.kind === 'action');
    assert.equal(records.length, 1, 'one action record for the one action');
    assert.deepEqual(records[0]?.data, actionData(action as EnforcementAction));
    assert.deepEqual([records[0]?.data.action, records[0]?.data.until, records[0]?.data.violation_ids], ['suspend', Date.parse(until), [found?.id]]);
    assert.doesNotMatch(JSON.stringify(records[0]?.data), /133\.242\.0\.3/, 'no client address');
    const verification = await verifyAuditLog(env.gw.app.store);
    assert.equal(verification.ok, true, JSON.stringify(verification.report.problems));
    assert.ok(verification.report.checked >= 6, 'the decision records and the action record were checked');

    // /metrics saw the violation, the action and both refusals (the one that crossed the line and the next).
    const metrics = await scrape(env.gw.url);
    const moved = (name: string, labels: Record<string, string>) => sampleSum(metrics, name, labels) - sampleSum(metricsBefore, name, labels);
    assert.equal(moved('cordon_violations_total', { signal: 'fan_out' }), 1);
    assert.equal(moved('cordon_enforcement_actions_total', { action: 'suspend', actor: 'ladder' }), 1);
    assert.equal(moved('cordon_refusals_total', { code: 'account_suspended', endpoint: '/chat/completions' }), 2);
    assert.ok(hasSeries(metrics, 'cordon_violations_total', { signal: 'attestation_abuse' }), 'every signal has its series from the start');

    env.clock.advance(HOUR);
    const later = await env.ask(secret, PLACES.US);
    assert.equal(later.status, 200, 'the suspension ended an hour after it began');
    assert.equal((await violations(keyId)).length, 1, 'the old countries left the window: no new fan-out');
  });
});

describe('two instances', () => {
  test('when another instance suspends the key between this ladder run and its write, no second action is taken and the request is refused by the other one', async () => {
    const { secret, keyId, tenantId } = await env.key('resale', 'US');
    for (const ip of [PLACES.US, PLACES.DE, PLACES.FR, PLACES.BR]) {
      assert.equal((await env.ask(secret, ip)).status, 200, ip);
      env.clock.advance(2 * MIN);
    }
    // The other instance's suspension lands after this instance read the key's actions and before it writes.
    const store = env.gw.app.store.enforcement;
    const conditional = store.applyActionIfUnchanged.bind(store);
    const otherUntil = env.clock.now() + 2 * HOUR;
    let raced = 0;
    store.applyActionIfUnchanged = async (action, seen, notify) => {
      if (raced++ === 0) {
        await store.applyAction({ ...action, kind: 'suspend', until: otherUntil, evidence: { by: 'the other instance' } });
      }
      return conditional(action, seen, notify);
    };
    try {
      const fifth = await env.ask(secret, PLACES.JP);
      assert.deepEqual([fifth.status, fifth.code], [403, 'account_suspended']);
      assert.ok(fifth.message?.includes(new Date(otherUntil).toISOString()), `the other instance's suspension: ${fifth.message}`);
    } finally {
      delete (store as { applyActionIfUnchanged?: unknown }).applyActionIfUnchanged;
    }
    assert.equal(raced, 1, 'the ladder ran again on what the other instance did and found nothing left to do');
    const actions = await store.listActions({ keyId });
    assert.deepEqual(actions.map((a) => [a.kind, a.until, a.tenantId]), [['suspend', otherUntil, tenantId]], 'one action, the other instance\'s');
    assert.equal((await env.gw.app.store.audit.findByRef(keyId)).filter((r) => r.kind === 'action').length, 1);
  });
});

describe('anonymizers', () => {
  test('a Tor exit from the configured list counts: warned first, suspended at a second exit', async () => {
    const { secret, keyId } = await env.key('tor-user', 'DE');
    env.clock.advance(MIN);
    const first = await env.ask(secret, PLACES.DE_TOR);
    assert.equal(first.status, 200);
    assert.match(first.warning ?? '', /warned/);
    const [v] = await violations(keyId);
    assert.equal(v?.rule, 'enforcement.anonymizer.tor');
    assert.deepEqual(v?.detail.hits, [{ flag: 'tor', source: 'tor_list', last_seen: '2026-06-01T03:12:47.000Z' }]);

    env.clock.advance(MIN);
    const clean = await env.ask(secret, PLACES.DE);
    assert.deepEqual([clean.status, clean.warning !== null], [200, true], 'a warned key carries the header on clean requests too');
    env.clock.advance(MIN);
    assert.equal((await env.ask(secret, PLACES.DE_TOR)).status, 200, 'the same exit again is the same finding: counted once');
    assert.equal((await violations(keyId)).length, 1);

    env.clock.advance(MIN);
    const second = await env.ask(secret, PLACES.DE_TOR_2);
    assert.deepEqual([second.status, second.code], [403, 'account_suspended'], 'a second exit: score 10 within the hour');
  });

  test('a VPN from the Anonymous-IP database counts with its weight, once per network and window', async () => {
    const { secret, keyId } = await env.key('vpn-user', 'US');
    env.clock.advance(MIN);
    assert.equal((await env.ask(secret, PLACES.US_VPN)).warning, null, 'score 2: below the warn threshold');
    const [v] = await violations(keyId);
    assert.deepEqual([v?.rule, v?.weight, v?.detail.hits], ['enforcement.anonymizer.vpn', 2, [{ flag: 'vpn', source: 'geo' }]]);
    env.clock.advance(MIN);
    assert.equal((await env.ask(secret, PLACES.US_VPN)).status, 200);
    assert.equal((await violations(keyId)).length, 1, 'the same VPN network is counted once per repeat window');
    env.clock.advance(24 * HOUR);
    await env.ask(secret, PLACES.US_VPN);
    assert.equal((await violations(keyId)).length, 2, 'and again in the next window');
  });

  test('a steady foreign data centre (mismatch + hosting) is counted once a day and never acts', async () => {
    const { secret, keyId } = await env.key('de-company', 'DE');
    for (let i = 0; i < 8 * 4; i++) {
      env.clock.advance(6 * HOUR);
      const answer = await env.ask(secret, PLACES.US_GOOGLE);
      assert.deepEqual([answer.status, answer.warning], [200, null], `request ${i}`);
    }
    const found = await violations(keyId);
    assert.deepEqual([...new Set(found.map((v) => v.rule))].sort(), ['enforcement.anonymizer.hosting', 'enforcement.country_mismatch']);
    assert.equal(found.length, 16, 'eight days: one mismatch and one hosting finding a day');
    assert.equal((await env.gw.app.store.accounts.getKey(keyId))?.status, 'active', 'a week scores 10.5, below the block threshold');
  });

  test('a hosting-only origin alone never suspends anyone', async () => {
    const { secret, keyId } = await env.key('backend', 'US');
    for (let i = 0; i < 30; i++) {
      env.clock.advance(10_000);
      const answer = await env.ask(secret, i % 2 === 0 ? PLACES.US_HOSTING : PLACES.US_GOOGLE);
      assert.deepEqual([answer.status, answer.warning], [200, null]);
    }
    assert.deepEqual(await violations(keyId), []);
    assert.equal((await env.gw.app.store.accounts.getKey(keyId))?.status, 'active');
  });
});

describe('impossible travel', () => {
  test('Berlin then Sydney ten minutes later fires', async () => {
    const { secret, keyId } = await env.key('travel', 'DE');
    env.clock.advance(MIN);
    await env.ask(secret, PLACES.DE);
    env.clock.advance(10 * MIN);
    await env.ask(secret, PLACES.AU);
    const [v] = await violations(keyId);
    assert.equal(v?.rule, 'enforcement.impossible_travel');
    assert.equal(v?.detail.max_speed_kmh, 1000);
    assert.ok(Number(v?.detail.distance_km) > 15_000, JSON.stringify(v?.detail));
    assert.deepEqual([(v?.detail.from as { city: string }).city, (v?.detail.to as { city: string }).city], ['Berlin', 'Sydney']);
  });

  test('Berlin, then Germany at country level a minute later (an edge country header), is no travel', async () => {
    const { secret, keyId } = await env.key('travel', 'DE');
    env.clock.advance(MIN);
    await env.ask(secret, PLACES.DE);
    env.clock.advance(MIN);
    assert.equal((await env.ask(secret, PLACES.FR, { 'cf-ipcountry': 'DE' })).status, 200);
    env.clock.advance(MIN);
    await env.ask(secret, PLACES.DE);
    assert.deepEqual(await violations(keyId), [], "Berlin is 350 km from Germany's centroid, but the centroid stands for all of Germany");
  });

  test('Berlin then Paris three hours later is a plausible trip', async () => {
    const { secret, keyId } = await env.key('travel', 'DE');
    env.clock.advance(MIN);
    await env.ask(secret, PLACES.DE);
    env.clock.advance(3 * HOUR);
    await env.ask(secret, PLACES.FR);
    assert.deepEqual(await violations(keyId), []);
  });
});

describe('denied region', () => {
  test('refused requests count, with the rule that denied them as evidence', async () => {
    const { secret, keyId } = await env.key('kp-user', null);
    env.clock.advance(MIN);
    const answer = await env.ask(secret, PLACES.KP);
    assert.deepEqual([answer.status, answer.code], [403, 'unsupported_country_region_territory']);
    const [v] = await violations(keyId);
    assert.equal(v?.rule, 'enforcement.denied_region');
    assert.match(JSON.stringify(v?.detail), /law\.us_sanctions\.kp/);
  });
});
