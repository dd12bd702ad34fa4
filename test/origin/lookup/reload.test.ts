/**
 * Reload on change: a valid new file replaces the old one; a corrupt one is refused with an event
 * naming the file and the reason, and the previous data keeps answering. Tests wait for events.
 */
import assert from 'node:assert/strict';
import { copyFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startService, tempDir, testdataPath, type ServiceUnderTest } from '../geo-test-helpers.js';

const WATCH = { watch: true, watchIntervalMs: 20, watchDebounceMs: 30 } as const;
const LONDON = '81.2.69.160';

describe('reload on change', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let db: string;
  let s: ServiceUnderTest | null = null;

  beforeEach(async () => {
    dir = await tempDir();
    db = join(dir.path, 'location.mmdb');
  });
  afterEach(async () => {
    await s?.close();
    s = null;
    await dir.remove();
  });

  test('a new valid file replaces the old; garbage and corrupt files are refused, old data stays', async () => {
    await copyFile(testdataPath('GeoIP2-City-Test.mmdb'), db);
    s = await startService({ location: [db], ...WATCH });
    assert.equal(s.service.lookup(LONDON).city, 'London');

    // Country database: same country, no city.
    await copyFile(testdataPath('GeoIP2-Country-Test.mmdb'), db);
    const reloaded = await s.nextEvent('reloaded');
    assert.equal(reloaded.type === 'reloaded' && reloaded.path, db);
    assert.equal(s.service.lookup(LONDON).country, 'GB');
    assert.equal(s.service.lookup(LONDON).city, null);
    assert.equal(s.service.status().files[0]?.type, 'GeoIP2-Country');
    assert.equal(s.service.status().files[0]?.reloads, 1);

    await writeFile(db, 'this is not a database');
    const garbage = await s.nextEvent('reload_failed');
    assert.equal(garbage.type === 'reload_failed' && garbage.error, `${db}: corrupt MMDB file: no MaxMind DB metadata marker: not an MMDB file`);
    assert.equal(s.service.lookup(LONDON).country, 'GB', 'previous data stays in use');
    assert.equal(s.service.status().files[0]?.type, 'GeoIP2-Country');
    assert.match(s.service.status().files[0]?.lastError ?? '', /not an MMDB file/);

    for (const [broken, reason] of [
      ['GeoIP2-City-Test-Broken-Double-Format.mmdb', /a double of 5 bytes/],
      ['GeoIP2-City-Test-Invalid-Node-Count.mmdb', /node_count 100000/],
    ] as const) {
      await copyFile(testdataPath(broken), db);
      const refused = await s.nextEvent('reload_failed');
      assert.match(refused.type === 'reload_failed' ? refused.error : '', reason);
      assert.equal(s.service.lookup(LONDON).country, 'GB', `${broken}: previous data stays in use`);
      assert.equal(s.service.lookup(LONDON).city, null);
    }

    // A good file again, replaced by rename as updaters do.
    const staged = join(dir.path, 'staged.mmdb');
    await copyFile(testdataPath('GeoIP2-City-Test.mmdb'), staged);
    await rename(staged, db);
    await s.nextEvent('reloaded');
    assert.equal(s.service.lookup(LONDON).city, 'London');
    assert.equal(s.service.status().files[0]?.lastError, null);
  });

  test('a file missing at start is reported, then loaded when it appears', async () => {
    s = await startService({ location: [db], ...WATCH });
    const [file] = s.service.status().files;
    assert.equal(file?.loaded, false);
    assert.equal(file?.lastError, `${db}: file not found`);
    assert.equal(s.events[0]?.type, 'load_failed');
    assert.equal(s.service.lookup(LONDON).unknown, 'geo_unavailable');

    // As an updater does it (geoipupdate, Cordon's own): written beside, renamed into place. A copy
    // straight to the path can be seen half-written by the watcher, failing a load the test does not mean.
    await copyFile(testdataPath('GeoIP2-City-Test.mmdb'), `${db}.part`);
    await rename(`${db}.part`, db);
    await s.nextEvent('loaded');
    assert.equal(s.service.lookup(LONDON).city, 'London');
    assert.equal(s.service.status().locationAvailable, true);
  });

  test('reloadAll re-reads files without a watcher', async () => {
    await copyFile(testdataPath('GeoIP2-City-Test.mmdb'), db);
    s = await startService({ location: [db] });
    await copyFile(testdataPath('GeoIP2-Country-Test.mmdb'), db);
    assert.equal(s.service.lookup(LONDON).city, 'London', 'no watcher: unchanged until asked');
    await s.service.reloadAll();
    assert.equal(s.service.lookup(LONDON).city, null);
  });

  test('status and event times come from the injected clock', async () => {
    await copyFile(testdataPath('GeoIP2-City-Test.mmdb'), db);
    s = await startService({ location: [db] });
    assert.equal(s.service.status().files[0]?.loadedAt, '2026-11-28T12:00:00.000Z');
    assert.equal(s.events[0]?.at.toISOString(), '2026-11-28T12:00:00.000Z');
  });
});
