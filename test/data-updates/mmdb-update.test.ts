/**
 * MaxMind's update protocol (metadata, then the `.tar.gz` of the announced build, basic auth) and MMDB
 * files by URL (DB-IP's monthly gzip files, ip-location-db's plain files) against a local server:
 * a build is verified in full before it replaces the file in use; a corrupt archive, a damaged or
 * corrupt database and a wrong account never do.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Reader } from 'maxmind';
import { createUpdater, NO_UPDATES, type SourceSettings, type UpdateSettings } from '../../src/data-updates/index.js';
import type { Secret } from '../../src/domain/secret.js';
import { testdataPath } from '../origin/geo-test-helpers.js';
import { conditional, startFakeOrigins, tarGz, truncated, type FakeOrigins } from './fake-origins.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const licence: Secret = { path: 'updates.maxmind.license_key', variable: 'MAXMIND_LICENSE_KEY', isSet: true, reveal: () => 'test-licence' };
const AUTH = `Basic ${Buffer.from('42:test-licence').toString('base64')}`;

describe('data updates: MaxMind and MMDB files by URL', () => {
  let origins: FakeOrigins;
  let dir: string;
  let city: Buffer;
  let asn: Buffer;
  let broken: Buffer;
  before(async () => {
    origins = await startFakeOrigins();
    dir = await mkdtemp(join(tmpdir(), 'cordon-mmdb-'));
    city = await readFile(testdataPath('GeoIP2-City-Test.mmdb'));
    asn = await readFile(testdataPath('GeoLite2-ASN-Test.mmdb'));
    broken = await readFile(testdataPath('GeoIP2-City-Test-Broken-Double-Format.mmdb'));
  });
  after(async () => {
    await origins.close();
    await rm(dir, { recursive: true, force: true });
  });

  const settings = (sources: SourceSettings[]): UpdateSettings => ({ ...NO_UPDATES, timeoutMs: 5000, maxmind: { accountId: '42', licenseKey: licence, host: origins.url }, sources });
  const run = async (s: UpdateSettings, now?: () => Date) => {
    const updater = createUpdater(s, { stateDir: join(dir, 'state'), presetsRoot: join(dir, 'presets'), now });
    try {
      return await updater.run();
    } finally {
      await updater.close();
    }
  };

  /** MaxMind's two endpoints for one edition, serving `mmdb` as the build of `date` (the archive as given). */
  function playMaxmind(edition: string, mmdb: Buffer, date: string, archive: Buffer = tarGz({ [`${edition}_${date.replace(/-/g, '')}/${edition}.mmdb`]: mmdb, [`${edition}_${date.replace(/-/g, '')}/LICENSE.txt`]: Buffer.from('licence') }), announced = md5(mmdb)) {
    const authorised = (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers.authorization === AUTH) return true;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"INVALID_LICENSE_KEY","error":"invalid license key"}');
      return false;
    };
    origins.route('/geoip/updates/metadata', (req, res) => {
      if (!authorised(req, res)) return;
      assert.match(req.url ?? '', new RegExp(`edition_id=${edition}$`));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ databases: [{ edition_id: edition, md5: announced, date }] }));
    });
    origins.route(`/geoip/databases/${edition}/download`, (req, res) => {
      if (!authorised(req, res)) return;
      assert.match(req.url ?? '', new RegExp(`date=${date.replace(/-/g, '')}&suffix=tar.gz$`));
      res.writeHead(200, { 'content-length': archive.length }).end(archive);
    });
  }

  it('downloads a MaxMind build, verifies it, swaps it in; asks only for metadata while the MD5 is the same', async () => {
    playMaxmind('GeoIP2-City', city, '2026-12-01');
    const file = join(dir, 'GeoIP2-City.mmdb');
    const s = settings([{ kind: 'maxmind', name: 'city', edition: 'GeoIP2-City', role: 'location', file, maxAgeDays: 35 }]);
    const [first] = await run(s);
    assert.equal(first?.outcome, 'changed', first?.detail);
    assert.ok((await readFile(file)).equals(city));
    assert.equal(first?.record.built, new Reader(city).metadata.buildEpoch.toISOString(), "built: the database's own build epoch");
    assert.equal(first?.record.sha256, createHash('sha256').update(city).digest('hex'));
    assert.equal(first?.record.detail, md5(city));

    const downloads = () => origins.seen.filter((r) => r.includes('/download')).length;
    const before = downloads();
    const [second] = await run(s);
    assert.equal(second?.outcome, 'unchanged');
    assert.equal(downloads(), before, 'no download when the announced MD5 is the file in use');
  });

  it('keeps the database in use on a wrong licence, a corrupt archive, a truncated download, a damaged or a corrupt database, and the wrong kind', async () => {
    const file = join(dir, 'keep.mmdb');
    await copyFile(testdataPath('GeoIP2-City-Test.mmdb'), file);
    const source: SourceSettings = { kind: 'maxmind', name: 'keep', edition: 'GeoLite2-City', role: 'location', file, maxAgeDays: 35 };
    const cases: Array<[string, () => void, RegExp]> = [
      ['wrong licence', () => playMaxmind('GeoLite2-City', asn, '2026-12-02'), /HTTP 401/],
      ['corrupt archive', () => playMaxmind('GeoLite2-City', asn, '2026-12-02', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from('not really gzip at all')])), /gzip:/],
      ['truncated archive', () => {
        const archive = tarGz({ 'x/GeoLite2-City.mmdb': asn });
        playMaxmind('GeoLite2-City', asn, '2026-12-02', gzipSync(Buffer.from(archive.subarray(0, 0)))); // an archive that ends at once
      }, /end-of-archive|expected one \.mmdb/],
      ['truncated download', () => {
        playMaxmind('GeoLite2-City', asn, '2026-12-02');
        origins.route('/geoip/databases/GeoLite2-City/download', truncated(tarGz({ 'x/GeoLite2-City.mmdb': asn })));
      }, /truncated/],
      ['damaged database (MD5)', () => playMaxmind('GeoLite2-City', asn, '2026-12-02', undefined, '0'.repeat(32)), /is not the one MaxMind announced/],
      ['corrupt database', () => playMaxmind('GeoLite2-City', broken, '2026-12-02'), /corrupt MMDB file/],
      ['another kind of database', () => playMaxmind('GeoLite2-City', asn, '2026-12-02'), /is a asn database/],
    ];
    for (const [name, play, reason] of cases) {
      play();
      const updater = createUpdater(name === 'wrong licence' ? { ...settings([source]), maxmind: { accountId: '42', licenseKey: { ...licence, reveal: () => 'wrong' }, host: origins.url } } : settings([source]), { stateDir: join(dir, 'state'), presetsRoot: join(dir, 'presets') });
      const [r] = await updater.run();
      await updater.close();
      assert.equal(r?.outcome, 'failed', `${name}: ${r?.detail}`);
      assert.match(r?.detail ?? '', reason, name);
      assert.match(r?.detail ?? '', /the data in use is kept$/, name);
      assert.ok((await readFile(file)).equals(city), `${name}: the file in use is untouched`);
    }
  });

  it("takes DB-IP's file of the month, or the month before while this month's is not out; ip-location-db's plain file by ETag", async () => {
    origins.route('/free/dbip-city-lite-2026-11.mmdb.gz', conditional(gzipSync(city), '"nov"'));
    const file = join(dir, 'dbip.mmdb');
    const s = settings([{ kind: 'mmdb', name: 'dbip', url: `${origins.url}/free/dbip-city-lite-{month}.mmdb.gz`, role: 'location', file, maxAgeDays: 45 }]);
    const [r] = await run(s, () => new Date('2026-12-01T03:00:00Z'));
    assert.equal(r?.outcome, 'changed', r?.detail);
    assert.ok(origins.seen.includes('GET /free/dbip-city-lite-2026-12.mmdb.gz'));
    assert.ok((await readFile(file)).equals(city));

    origins.route('/asn.mmdb', conditional(asn, '"asn-1"'));
    const asnFile = join(dir, 'asn.mmdb');
    const asnSource: SourceSettings = { kind: 'mmdb', name: 'asn', url: `${origins.url}/asn.mmdb`, role: 'asn', file: asnFile, maxAgeDays: 45 };
    assert.equal((await run(settings([asnSource])))[0]?.outcome, 'changed');
    assert.equal((await run(settings([asnSource])))[0]?.detail, 'not modified');
    origins.route('/asn.mmdb', conditional(broken, '"asn-2"'));
    const [bad] = await run(settings([asnSource]));
    assert.equal(bad?.outcome, 'failed');
    assert.ok((await readFile(asnFile)).equals(asn));
  });

  it('never puts an older build over a newer one (last month\'s file after one 404, a stale mirror)', async () => {
    const december = withBuildEpoch(city, Date.UTC(2026, 11, 1) / 1000);
    const november = withBuildEpoch(city, Date.UTC(2026, 10, 1) / 1000);
    let decemberUp = true;
    origins.route('/free/rollback-2026-12.mmdb.gz', (_req, res) => (decemberUp ? res.writeHead(200, { etag: '"dec"' }).end(gzipSync(december)) : res.writeHead(404).end()));
    origins.route('/free/rollback-2026-11.mmdb.gz', (_req, res) => res.writeHead(200, { etag: '"nov"' }).end(gzipSync(november)));
    const file = join(dir, 'rollback.mmdb');
    const s = settings([{ kind: 'mmdb', name: 'dbip', url: `${origins.url}/free/rollback-{month}.mmdb.gz`, role: 'location', file, maxAgeDays: 45 }]);
    const now = () => new Date('2026-12-03T10:00:00Z');
    assert.equal((await run(s, now))[0]?.outcome, 'changed');
    decemberUp = false;
    const [r] = await run(s, now);
    assert.equal(r?.outcome, 'unchanged', r?.detail);
    assert.match(r?.detail ?? '', /built 2026-11-01, before the file in use \(2026-12-01\)/);
    assert.ok((await readFile(file)).equals(december), 'the newer build stays in use');
  });
});

/** A copy of an MMDB file whose metadata says it was built at `epoch` (seconds): the 4-byte value after the `build_epoch` key. */
function withBuildEpoch(db: Buffer, epoch: number): Buffer {
  const out = Buffer.from(db);
  const key = out.lastIndexOf(Buffer.from('build_epoch'));
  const reader = new Reader(db);
  const current = Buffer.alloc(4);
  current.writeUInt32BE(Number(reader.metadata.buildEpoch.getTime() / 1000));
  const at = out.indexOf(current, key);
  assert.ok(key !== -1 && at !== -1 && at <= key + 'build_epoch'.length + 2, 'the test database keeps build_epoch as 4 bytes');
  out.writeUInt32BE(epoch, at);
  return out;
}
