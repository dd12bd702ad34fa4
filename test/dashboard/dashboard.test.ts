/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core): a real Cordon with
 * traffic sent through it by the `openai` client from several countries, signed in with an admin
 * token. Checks the map's colours, tooltip and legend against the seeded traffic, then reinstates a
 * suspended key from the account page and reads the result back through the admin API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { adminCall, startAdminGateway, type AdminFixture } from '../helpers/admin-fixture.js';
import { seedTraffic, WORLD_IPS, type SeedResult } from '../helpers/seed-traffic.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = '/tmp/cordon-dashboard.png';
const REFUSED_RAMP = ['#fde2d6', '#f9b69c', '#f0826a', '#d94f3d', '#a8231a'];
const ALLOWED_RAMP = ['#cfe8f3', '#9ccfe6', '#5fafd3', '#2b84b5', '#145a86'];

let fx: AdminFixture;
let browser: Browser;
let page: Page;
let seeded: SeedResult;
let buildDir: string;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  buildDir = mkdtempSync(join(tmpdir(), 'cordon-dashboard-'));
  const build = spawnSync(process.execPath, ['scripts/build-dashboard.mjs', '--out', buildDir], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  fx = await startAdminGateway({ dashboardDir: buildDir });
  seeded = await seedTraffic(fx.gw, [
    ['US', WORLD_IPS.US, 9],
    ['DE', WORLD_IPS.DE, 6],
    ['GB', WORLD_IPS.GB, 4],
    ['FR', WORLD_IPS.FR, 3],
    ['JP', WORLD_IPS.JP, 3],
    ['BR', WORLD_IPS.BR, 3],
    ['IN', WORLD_IPS.IN, 2],
    ['AU', WORLD_IPS.AU, 2],
    ['CA', WORLD_IPS.CA, 2],
    ['ZA', WORLD_IPS.ZA, 1],
    ['CN', WORLD_IPS.CN, 3],
    ['KP', WORLD_IPS.KP, 2],
    ['IR', WORLD_IPS.IR, 2],
    ['RU', WORLD_IPS.RU, 4],
    ['HK', WORLD_IPS.HK, 1],
    ['CRIMEA', WORLD_IPS.CRIMEA, 2],
  ]);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
});

after(async () => {
  await browser?.close();
  await fx?.close();
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

describe('dashboard', () => {
  test('the traffic was seeded through the gateway', () => {
    assert.equal(seeded.allowed, 35);
    assert.equal(seeded.refused, 14);
  });

  test('a wrong token is refused at sign-in; the admin token signs in', async () => {
    await page.goto(`${fx.adminUrl}/dashboard`);
    await page.fill('#token', 'ck-admin-wrong');
    await page.click('button[type=submit]');
    await page.getByText('That token was not accepted.').waitFor();
    await page.fill('#token', fx.adminToken);
    await page.click('button[type=submit]');
    await page.locator('.map svg path[data-country="US"]').waitFor();
    assert.equal(await page.evaluate('sessionStorage.getItem("cordon.admin_token") !== null'), true);
  });

  test('the map colours refused and allowed countries from the seeded traffic', async () => {
    const cn = page.locator('.map path[data-country="CN"]');
    const kp = page.locator('.map path[data-country="KP"]');
    const us = page.locator('.map path[data-country="US"]');
    assert.equal(await cn.getAttribute('data-state'), 'refused');
    assert.equal(await kp.getAttribute('data-state'), 'refused');
    assert.ok(REFUSED_RAMP.includes((await cn.getAttribute('fill')) ?? ''), 'China has a fill from the refused scale');
    assert.equal(await us.getAttribute('data-state'), 'allowed');
    assert.ok(ALLOWED_RAMP.includes((await us.getAttribute('fill')) ?? ''), 'the US has a fill from the allowed scale');
    assert.equal(await page.locator('.map path[data-country="NZ"]').getAttribute('data-state'), 'none');
    assert.equal(await page.locator('.map circle[data-country="HK"]').getAttribute('data-state'), 'refused', 'Hong Kong, too small to draw, is a dot');
    assert.equal(await page.locator('.map [data-marker="UA-43"] text').textContent(), 'Crimea');
    assert.match((await page.locator('.callouts [data-subdivision="UA-43"]').textContent()) ?? '', /Crimea \(UA-43\): 2 refused/);
    assert.match((await page.locator('.callouts li[data-country="RU"]').textContent()) ?? '', /Russia.*4 refused/);
    const legend = (await page.locator('.legend').first().textContent()) ?? '';
    assert.match(legend, /Allowed only/);
    assert.match(legend, /Any refused/);
    assert.match(legend, /No requests/);
  });

  test('hovering a country shows its counts in a tooltip', async () => {
    await page.locator('.map path[data-country="CN"]').hover();
    const tip = page.locator('.map .tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match((await tip.textContent()) ?? '', /China.*Allowed 0.*Refused 3 \(100%\)/);
    await page.locator('.map path[data-country="DE"]').hover();
    assert.match((await tip.textContent()) ?? '', /Germany.*Allowed 6.*Refused 0/);
  });

  test('the KPIs and the traffic chart agree with the seeded traffic', async () => {
    assert.match((await page.locator('.kpi').nth(0).textContent()) ?? '', /Requests\s*49/);
    assert.match((await page.locator('.kpi-refused').textContent()) ?? '', /Refused\s*14/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.click('nav a[href="#/traffic"]');
    await page.locator('.chart .bar').first().waitFor();
    await page.screenshot({ path: '/tmp/cordon-dashboard-traffic.png', fullPage: true });
    const bars = await page.locator('.chart .bar').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const counted = bars.map((label) => /(\d+) allowed, (\d+) refused/.exec(label)).map((m) => [Number(m?.[1]), Number(m?.[2])]);
    assert.deepEqual(counted.reduce((sum, [a, r]) => [(sum[0] ?? 0) + (a ?? 0), (sum[1] ?? 0) + (r ?? 0)], [0, 0]), [35, 14], bars.join('\n'));
  });

  test('on a phone-sized screen the layout reflows without sideways scrolling; keyboard focus shows a tooltip', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${fx.adminUrl}/dashboard/`);
    await phone.fill('#token', fx.readToken);
    await phone.click('button[type=submit]');
    await phone.locator('.map svg path[data-country="US"]').waitFor();
    const overflow = await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0);
    assert.equal(await phone.locator('[data-action]').count(), 0, 'a read token gets no action buttons on the map page');
    await phone.locator('.map path[data-country="KP"]').focus();
    assert.match((await phone.locator('.map .tooltip').textContent()) ?? '', /North Korea.*Refused 2/);
    await phone.screenshot({ path: '/tmp/cordon-dashboard-phone.png', fullPage: true });
    await phone.close();
  });

  test('a suspended key is reinstated from its account page, with the note recorded', async () => {
    // The key that called from China has denied-region violations; suspend it through the API first.
    const key = (await fx.gw.app.store.accounts.findKeyBySecret(seeded.keys.get('CN') ?? ''))?.key;
    assert.ok(key);
    const suspend = await adminCall(fx.adminUrl, `/admin/accounts/${key.id}/suspend`, { token: fx.adminToken, method: 'POST', body: { note: 'resold key, per the fan-out report', for: '7d' } });
    assert.equal(suspend.status, 201);
    await page.click('nav a[href="#/accounts"]');
    await page.locator(`a[data-key="${key.id}"]`).click();
    await page.locator('[data-status="suspended"]').waitFor();
    await page.fill('#action-note', 'Appeal accepted: the customer moved the reseller to its own account.');
    await page.click('button[data-action="reinstate"]');
    await page.locator('[data-status="active"]').waitFor();
    await page.screenshot({ path: '/tmp/cordon-dashboard-account.png', fullPage: true });

    const shown = await adminCall<{ key: { status: string }; timeline: Array<{ type: string; kind?: string; note?: string; actor?: string }> }>(fx.adminUrl, `/admin/accounts/${key.id}`, { token: fx.readToken });
    assert.equal(shown.body.key.status, 'active');
    const latest = shown.body.timeline[0];
    assert.equal(latest?.kind, 'reinstate');
    assert.equal(latest?.actor, 'operator:alice');
    assert.equal(latest?.note, 'Appeal accepted: the customer moved the reseller to its own account.');
    assert.ok(shown.body.timeline.some((x) => x.type === 'violation'), 'the denied-region violations are in the timeline');
    assert.equal((await fx.gw.app.store.accounts.getKey(key.id))?.status, 'active');
  });

  test('policy versions: the map of what a change flips, and the documents side by side', async () => {
    const document = readFileSync(new URL('../admin/policies/open-china.yaml', import.meta.url), 'utf8');
    const applied = await adminCall(fx.adminUrl, '/admin/policy/versions', { token: fx.adminToken, method: 'POST', body: { document, reason: 'open OpenAI, close Brazil', effective_from: '2099-01-01' } });
    assert.equal(applied.status, 201);
    await page.click('nav a[href="#/policies"]');
    await page.locator('.diff-out .map path[data-country="CN"]').waitFor();
    assert.equal(await page.locator('.diff-out .map path[data-country="CN"]').getAttribute('data-state'), 'opened');
    assert.equal(await page.locator('.diff-out .map path[data-country="BR"]').getAttribute('data-state'), 'closed');
    assert.equal(await page.locator('.diff-out .map path[data-country="KP"]').getAttribute('data-state'), 'none', 'sanctions still close North Korea');
    assert.match((await page.locator('.side-by-side').textContent()) ?? '', /operator\.no_brazil/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: '/tmp/cordon-dashboard-policies.png', fullPage: true });
  });

  test('simulation and reach on the recorded traffic, as maps and tables', async () => {
    await page.click('nav a[href="#/simulate"]');
    await page.locator('#sim-run').waitFor();
    assert.match((await page.locator('.card').last().textContent()) ?? '', /Turned away\s*14/);
    await page.click('#sim-run');
    await page.locator('.sim-out .map path[data-country="CN"]').waitFor();
    assert.equal(await page.locator('.sim-out .map path[data-country="CN"]').getAttribute('data-state'), 'opened');
    assert.equal(await page.locator('.sim-out .map path[data-country="BR"]').getAttribute('data-state'), 'closed');
    assert.match((await page.locator('.sim-out table').textContent()) ?? '', /closed\s*Brazil\s*openai\s*3/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: '/tmp/cordon-dashboard-simulate.png', fullPage: true });
  });

  test('data sources: each with its build date and hash, and the data version decisions carry', async () => {
    await page.click('nav a[href="#/data"]');
    await page.locator('table caption', { hasText: 'Each data source in use' }).waitFor({ state: 'attached' });
    const text = (await page.locator('.page').textContent()) ?? '';
    assert.match(text, new RegExp(fx.gw.app.data.snapshot().version ?? 'no version'));
    assert.match(text, /geo-location-1\s*current/);
  });
});
