/**
 * The updater on lists by URL (Tor bulk exit list, CIDR and ASN lists) against a local server: a
 * conditional second request, and every failure keeping the list in use and saying why.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUpdater, NO_UPDATES, type SourceSettings, type UpdateSettings } from '../../src/data-updates/index.js';
import { conditional, silent, startFakeOrigins, truncated, type FakeOrigins } from './fake-origins.js';

const TOR_LIST = '185.220.101.1\n185.220.101.2\n2a0b:f4c0::1\n';

describe('data updates: lists by URL', () => {
  let origins: FakeOrigins;
  let dir: string;
  before(async () => {
    origins = await startFakeOrigins();
    dir = await mkdtemp(join(tmpdir(), 'cordon-lists-'));
  });
  after(async () => {
    await origins.close();
    await rm(dir, { recursive: true, force: true });
  });

  const settings = (sources: SourceSettings[], extra: Partial<UpdateSettings> = {}): UpdateSettings => ({ ...NO_UPDATES, timeoutMs: 2000, ...extra, sources });
  const run = async (s: UpdateSettings) => {
    const updater = createUpdater(s, { stateDir: join(dir, 'state'), presetsRoot: join(dir, 'presets') });
    try {
      return await updater.run();
    } finally {
      await updater.close();
    }
  };

  it('downloads the Tor exit list, then asks conditionally and keeps it when not modified', async () => {
    origins.route('/torbulkexitlist', conditional(TOR_LIST, '"v1"'));
    const file = join(dir, 'tor.txt');
    const s = settings([{ kind: 'tor_exits', name: 'tor', url: `${origins.url}/torbulkexitlist`, file, maxAgeDays: 2 }]);
    const [first] = await run(s);
    assert.equal(first?.outcome, 'changed', first?.detail);
    assert.match(first?.detail ?? '', /3 entries \(bulk\)/);
    assert.equal(await readFile(file, 'utf8'), TOR_LIST);
    assert.equal(first?.record.etag, '"v1"');
    assert.equal(first?.record.built, '2026-12-01T10:00:00.000Z', 'built: the Last-Modified date');
    assert.match(first?.record.sha256 ?? '', /^[0-9a-f]{64}$/);

    const before = origins.seen.length;
    const [second] = await run(s);
    assert.equal(second?.outcome, 'unchanged');
    assert.equal(second?.detail, 'not modified');
    assert.equal(second?.record.changed, first?.record.changed, 'a 304 is not a change');
    assert.notEqual(second?.record.checked, null);
    assert.equal(origins.seen.length, before + 1);
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.download')), [], 'no file left beside');
  });

  it('a file already holding the content is not written again, and gets a date', async () => {
    const file = join(dir, 'placed.txt');
    await writeFile(file, 'AS64500\n');
    origins.route('/placed', conditional('AS64500\n', '"p"'));
    const [r] = await run(settings([{ kind: 'asn', name: 'placed', url: `${origins.url}/placed`, file, maxAgeDays: 30 }]));
    assert.equal(r?.outcome, 'unchanged');
    assert.equal(r?.detail, 'same content as the file in use');
    assert.equal(r?.record.built, '2026-12-01T10:00:00.000Z');
    assert.equal(r?.record.changed, null, 'nothing was replaced');
  });

  it('refuses a page that is not a Tor list and keeps the list in use', async () => {
    const file = join(dir, 'tor-html.txt');
    await writeFile(file, TOR_LIST);
    origins.route('/tor-html', conditional('<html><body>Service unavailable</body></html>\n', '"h"'));
    const [r] = await run(settings([{ kind: 'tor_exits', name: 'tor-html', url: `${origins.url}/tor-html`, file, maxAgeDays: 2 }]));
    assert.equal(r?.outcome, 'failed');
    assert.match(r?.detail ?? '', /not a Tor exit list; the data in use is kept/);
    assert.match(r?.record.last_error ?? '', /not a Tor exit list/);
    assert.equal(await readFile(file, 'utf8'), TOR_LIST);
  });

  it('refuses an empty list, a list over the entry limit and a CIDR list with a bad entry', async () => {
    const file = join(dir, 'vpn.txt');
    await writeFile(file, '10.0.0.0/8\n');
    origins.route('/empty', conditional('# nothing today\n', '"e"'));
    origins.route('/big', conditional('1.0.0.0/24\n1.0.1.0/24\n1.0.2.0/24\n', '"b"'));
    origins.route('/bad', conditional('1.0.0.0/24\n1.0.0.1/8\n', '"x"'));
    const results = await run(settings([
      { kind: 'cidr', name: 'empty', url: `${origins.url}/empty`, file, maxAgeDays: 30 },
      { kind: 'cidr', name: 'big', url: `${origins.url}/big`, file, maxAgeDays: 30 },
      { kind: 'cidr', name: 'bad', url: `${origins.url}/bad`, file, maxAgeDays: 30 },
    ], { maxEntries: 2 }));
    assert.deepEqual(results.map((r) => r.outcome), ['failed', 'failed', 'failed']);
    assert.match(results[0]?.detail ?? '', /the list is empty/);
    assert.match(results[1]?.detail ?? '', /3 entries, over the limit of 2/);
    assert.match(results[2]?.detail ?? '', /line 2: "1\.0\.0\.1\/8": host bits set/);
    assert.equal(await readFile(file, 'utf8'), '10.0.0.0/8\n');
  });

  it('keeps the list when the download is truncated, over the size limit, or the server does not answer', async () => {
    const file = join(dir, 'asn.txt');
    await writeFile(file, 'AS1\n');
    const body = Buffer.from(Array.from({ length: 2000 }, (_, i) => `AS${i + 1}`).join('\n'));
    origins.route('/cut', truncated(body));
    origins.route('/huge', conditional(body, '"h"'));
    origins.route('/slow', silent);
    const cut = await run(settings([{ kind: 'asn', name: 'cut', url: `${origins.url}/cut`, file, maxAgeDays: 30 }]));
    assert.equal(cut[0]?.outcome, 'failed');
    assert.match(cut[0]?.detail ?? '', /truncated/);
    const huge = await run(settings([{ kind: 'asn', name: 'huge', url: `${origins.url}/huge`, file, maxAgeDays: 30 }], { maxBytes: 1000 }));
    assert.match(huge[0]?.detail ?? '', /over the limit of 1000 bytes/);
    const started = Date.now();
    const slow = await run(settings([{ kind: 'asn', name: 'slow', url: `${origins.url}/slow`, file, maxAgeDays: 30 }], { timeoutMs: 300 }));
    assert.match(slow[0]?.detail ?? '', /no answer within 300 ms/);
    assert.ok(Date.now() - started < 5000);
    assert.equal(await readFile(file, 'utf8'), 'AS1\n');
  });

  it('a failure after a success keeps the old record of the data and adds the error; the next success clears it', async () => {
    const file = join(dir, 'asn2.txt');
    origins.route('/asn2', conditional('AS13335\n', '"a"'));
    const s = settings([{ kind: 'asn', name: 'asn2', url: `${origins.url}/asn2`, file, maxAgeDays: 30 }]);
    const [ok] = await run(s);
    origins.route('/asn2', (_req, res) => void res.writeHead(503).end('maintenance'));
    const [failed] = await run(s);
    assert.equal(failed?.outcome, 'failed');
    assert.match(failed?.record.last_error ?? '', /HTTP 503: maintenance/);
    assert.equal(failed?.record.sha256, ok?.record.sha256);
    assert.equal(failed?.record.changed, ok?.record.changed);
    origins.route('/asn2', conditional('AS13335\n', '"a"'));
    const [again] = await run(s);
    assert.equal(again?.outcome, 'unchanged');
    assert.equal(again?.record.last_error, null);
  });
});
