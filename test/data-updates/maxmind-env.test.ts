/**
 * MaxMind with no config step: a gateway started with geoipupdate's variables (GEOIPUPDATE_ACCOUNT_ID,
 * GEOIPUPDATE_LICENSE_KEY, GEOIPUPDATE_HOST pointing at a local server that plays MaxMind's) and no
 * `updates:` block decides on the bundled data at once, downloads City and ASN by itself at start,
 * swaps them in, and shows their provenance in `/admin/data` and `cordon data status --json`. With a
 * wrong licence key it keeps deciding on the bundled data and says why.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Reader } from 'maxmind';
import { stringify } from 'yaml';
import type { LogLevel } from '../../src/observability/logger.js';
import { runCli } from '../helpers/cli.js';
import { IPS, startGateway, TEST_DATA_DIR, type GatewayFixture } from '../helpers/gateway-fixture.js';
import { testdataPath } from '../origin/geo-test-helpers.js';
import { startFakeOrigins, tarGz, type FakeOrigins } from './fake-origins.js';

const LICENCE = 'good-licence-key';
const AUTH = `Basic ${Buffer.from(`42:${LICENCE}`).toString('base64')}`;
const CITY = readFileSync(testdataPath('GeoIP2-City-Test.mmdb'));
const ASN = readFileSync(testdataPath('GeoLite2-ASN-Test.mmdb'));
/** MaxMind's test City database places it in Bhutan; the bundled data does not. */
const BT = '67.43.156.1';
const TELSTRA = '1.128.0.1';

/** Log lines as they come, and a wait for the first that matches. */
function capturingLogger() {
  const lines: Array<{ level: LogLevel; msg: string; fields: Record<string, unknown> }> = [];
  const waiters: Array<{ match: (l: (typeof lines)[number]) => boolean; resolve: () => void }> = [];
  return {
    lines,
    logger: {
      log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}) {
        const line = { level, msg, fields };
        lines.push(line);
        for (const w of waiters.splice(0)) {
          if (w.match(line)) w.resolve();
          else waiters.push(w);
        }
      },
    },
    waitFor(match: (l: (typeof lines)[number]) => boolean): Promise<void> {
      if (lines.some(match)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

/** A fresh data folder whose cache is the shared one (the bundled ASN index is built once for every test). */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-maxmind-env-'));
  mkdirSync(join(TEST_DATA_DIR, 'cache'), { recursive: true });
  symlinkSync(join(TEST_DATA_DIR, 'cache'), join(dir, 'cache'));
  return dir;
}

describe('MaxMind from the environment, no config step', () => {
  let origins: FakeOrigins;
  /** Downloads wait for this gate, so the test sees the state before the swap. */
  let openGate = () => {};
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  before(async () => {
    origins = await startFakeOrigins();
    const authorised = (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers.authorization === AUTH) return true;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"INVALID_LICENSE_KEY","error":"invalid license key"}');
      return false;
    };
    const builds: Record<string, Buffer> = { 'GeoLite2-City': CITY, 'GeoLite2-ASN': ASN };
    origins.route('/geoip/updates/metadata', (req, res) => {
      if (!authorised(req, res)) return;
      const edition = new URL(req.url ?? '/', origins.url).searchParams.get('edition_id') ?? '';
      const build = builds[edition];
      if (build === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ databases: [{ edition_id: edition, md5: createHash('md5').update(build).digest('hex'), date: '2026-12-01' }] }));
    });
    for (const [edition, build] of Object.entries(builds)) {
      origins.route(`/geoip/databases/${edition}/download`, (req, res) => {
        if (!authorised(req, res)) return;
        const archive = tarGz({ [`${edition}_20261201/${edition}.mmdb`]: build });
        void gate.then(() => res.writeHead(200, { 'content-length': archive.length }).end(archive));
      });
    }
  });
  after(async () => {
    openGate();
    await origins.close();
  });

  const env = (licence: string) => ({ GEOIPUPDATE_ACCOUNT_ID: '42', GEOIPUPDATE_LICENSE_KEY: licence, GEOIPUPDATE_HOST: origins.url });

  async function adminGet(gw: GatewayFixture, path: string): Promise<unknown> {
    const token = (await gw.app.store.adminTokens.create({ name: `ops-${Math.random()}`, role: 'read' })).secret;
    const res = await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, path);
    return res.json();
  }

  /** A gateway started with only the MaxMind variables (and a fresh data folder), its log captured; stopped after the suite. */
  function gatewayWith(licence: string) {
    const started = { gw: null as GatewayFixture | null, dir: dataDir(), log: capturingLogger() };
    before(async () => {
      started.gw = await startGateway({ data_dir: started.dir, server: { trusted_proxies: ['127.0.0.1/32'] } }, { env: env(licence), overrides: { logger: started.log.logger, defaultMetrics: false } });
    });
    after(async () => {
      openGate();
      await started.gw?.close();
      rmSync(started.dir, { recursive: true, force: true });
    });
    return started;
  }

  type Row = { name: string; kind: string; managed: boolean; origin: string; sha256: string | null; built: string | null; stale: boolean; last_error: string | null };

  describe('with a licence', () => {
    const started = gatewayWith(LICENCE);
    const { dir, log } = started;
    const gateway = () => started.gw as GatewayFixture;

    it('decides on the bundled data before the first download, says so, downloads at start and swaps the files in', async () => {
      const gw = gateway();
      const city = join(dir, 'geo', 'GeoLite2-City.mmdb');
      const asn = join(dir, 'geo', 'GeoLite2-ASN.mmdb');
      assert.deepEqual(gw.app.config.geo.location, [city]);
      assert.equal(gw.app.config.geo.asn, asn);
      const standIns = log.lines.filter((l) => l.msg.includes('the bundled data answers in its place'));
      assert.deepEqual(standIns.map((l) => [l.level, l.fields.role]), [['warn', 'location'], ['warn', 'asn']]);
      assert.match(gw.app.origin.describe(), /^location: not loaded yet \(.*GeoLite2-City\.mmdb: file not found\), meanwhile city ipv4 \(.*\), city ipv6 .*; asn: not loaded yet \(.*\), meanwhile ip-location-db asn/);
      assert.equal(gw.app.origin.origin(IPS.DE).country, 'DE', 'the bundled location data answers');
      assert.equal(gw.app.origin.origin(IPS.US).asn, 15169, 'the bundled ASN index answers');
      assert.notEqual(gw.app.origin.origin(BT).country, 'BT');

      // The scheduled first run asks MaxMind on its own: nothing but the variables was given.
      openGate();
      await log.waitFor((l) => l.msg === 'geo loaded' && l.fields.path === city);
      await log.waitFor((l) => l.msg === 'geo loaded' && l.fields.path === asn);
      assert.equal(gw.app.origin.origin(BT).country, 'BT', 'the downloaded City database answers');
      assert.equal(gw.app.origin.origin(IPS.DE).unknown, 'not_found', 'and the bundled data no longer does');
      assert.equal(gw.app.origin.origin(TELSTRA).asn, 1221);
      assert.equal(gw.app.origin.origin(IPS.US).asn, null);
      assert.ok(!log.lines.some((l) => l.level === 'error'), log.lines.filter((l) => l.level === 'error').map((l) => l.msg).join('\n'));
      assert.ok(!JSON.stringify(log.lines).includes(LICENCE), 'the licence key is never logged');
    });

    it('shows the MaxMind sources with hash and build date in /admin/data and `cordon data status --json`', async () => {
      const gw = gateway();
      await log.waitFor((l) => l.msg === 'data changed' && l.fields.source === 'geolite2-asn');
      const status = (await adminGet(gw, '/admin/data')) as { data: Row[] };
      const maxmind = status.data.filter((r) => r.kind === 'maxmind');
      // MaxMind's test databases are years old: stale, which is what a real build of that age would be.
      assert.deepEqual(maxmind.map((r) => [r.name, r.sha256, r.built, r.last_error]), [
        ['geolite2-city', createHash('sha256').update(CITY).digest('hex'), new Reader(CITY).metadata.buildEpoch.toISOString(), null],
        ['geolite2-asn', createHash('sha256').update(ASN).digest('hex'), new Reader(ASN).metadata.buildEpoch.toISOString(), null],
      ]);
      assert.ok(maxmind.every((r) => r.origin.startsWith(`${origins.url}/geoip/databases/`)));
      assert.ok(!status.data.some((r) => r.origin.includes('in place of')), 'no stand-in once the files are loaded');

      // The CLI, with the same variables and a config that only names the data folder.
      const cwd = mkdtempSync(join(tmpdir(), 'cordon-maxmind-cli-'));
      try {
        writeFileSync(join(cwd, 'cordon.yaml'), stringify({ data_dir: dir, store: { url: `sqlite:${join(cwd, 'c.sqlite')}` } }));
        const cli = runCli(['-c', 'cordon.yaml', 'data', 'status', '--json'], { cwd, env: env(LICENCE) });
        assert.equal(cli.status, 0, cli.stderr);
        const rows = JSON.parse(cli.stdout) as Row[];
        assert.deepEqual(rows.filter((r) => r.kind === 'maxmind').map((r) => [r.name, r.sha256, r.built]), maxmind.map((r) => [r.name, r.sha256, r.built]));
        assert.ok(!cli.stdout.includes(LICENCE) && !cli.stderr.includes(LICENCE));
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  });

  describe('with a wrong licence key', () => {
    const started = gatewayWith('wrong-key');
    const { log } = started;
    const gateway = () => started.gw as GatewayFixture;

    it('keeps deciding on the bundled data and says why in the status and /readyz', async () => {
      const gw = gateway();
      await log.waitFor((l) => l.msg.startsWith('data update failed') && l.fields.source === 'geolite2-asn');
      assert.equal(gw.app.origin.origin(IPS.DE).country, 'DE');
      assert.equal(gw.app.origin.origin(IPS.US).asn, 15169);
      // Requests are decided on the bundled data: North Korea refused, Germany served.
      const key = await gw.createKey();
      const ask = (ip: string) => fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }) });
      const refused = await ask(IPS.KP);
      assert.equal(refused.status, 403);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'unsupported_country_region_territory');
      const served = await ask(IPS.DE);
      assert.equal(served.status, 200);
      await served.arrayBuffer();
      const status = (await adminGet(gw, '/admin/data')) as { data: Row[] };
      for (const name of ['geolite2-city', 'geolite2-asn']) {
        const row = status.data.find((r) => r.name === name);
        assert.equal(row?.sha256, null, name);
        assert.equal(row?.stale, true, name);
        assert.match(row?.last_error ?? '', /HTTP 401/, name);
      }
      const standIns = status.data.filter((r) => r.kind === 'geo' && r.origin.includes('in place of'));
      assert.ok(standIns.some((r) => r.origin.includes('GeoLite2-City.mmdb')) && standIns.some((r) => r.origin.includes('GeoLite2-ASN.mmdb')), JSON.stringify(status.data.map((r) => r.origin)));
      const ready = (await adminGet(gw, '/readyz')) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
      assert.equal(ready.status, 'ready', 'the bundled data keeps the gateway ready');
      assert.equal(ready.checks.geo?.ok, true, 'the stand-ins count as location data');
      assert.match(ready.checks.data?.detail ?? '', /geolite2-city: never obtained \(.*HTTP 401/);
    });
  });
});
