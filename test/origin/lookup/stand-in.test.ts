/**
 * Stand-ins (GeoOptions.standIn): while a configured file is missing at start, other data answers in
 * its place, and an event says which file and why; once the file loads, only it answers and the
 * stand-in leaves the status. A configured file present at start gets no stand-in at all.
 */
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { describeGeoStatus } from '../../../src/origin/index.js';
import { startService, tempDir, testdataPath, type ServiceUnderTest } from '../geo-test-helpers.js';

/** In MaxMind's City test data (London), not in its Country test data's… city field: the City answers with a city. */
const LONDON = '81.2.69.160';

describe('stand-ins for files not there yet', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let s: ServiceUnderTest | null = null;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await s?.close();
    s = null;
    await dir.remove();
  });

  test('answers while the configured location file is missing, and gives way once it loads', async () => {
    const managed = join(dir.path, 'GeoLite2-Country.mmdb');
    const standIn = testdataPath('GeoIP2-City-Test.mmdb');
    s = await startService({ location: [managed], standIn: { location: [standIn], asn: false } });
    const event = s.events.find((e) => e.type === 'stand_in');
    assert.ok(event?.type === 'stand_in');
    assert.equal(event.path, managed);
    assert.equal(event.standIn, standIn);
    assert.match(event.error, /GeoLite2-Country\.mmdb.*(not found|ENOENT)/i);
    assert.equal(s.service.lookup(LONDON).city, 'London', 'the stand-in answers');
    const status = s.service.status();
    assert.equal(status.locationAvailable, true);
    assert.deepEqual(status.files.map((f) => [f.path, f.loaded, f.standsInFor]), [[managed, false, undefined], [standIn, true, managed]]);
    assert.match(describeGeoStatus(status), /^location: not loaded yet \(.*GeoLite2-Country\.mmdb.*\), meanwhile GeoIP2-City \(\d{4}-\d{2}-\d{2}\)$/);

    await copyFile(testdataPath('GeoIP2-Country-Test.mmdb'), managed);
    await s.service.reloadAll();
    assert.equal(s.service.lookup(LONDON).country, 'GB');
    assert.equal(s.service.lookup(LONDON).city, null, 'only the configured file answers now (no city in a Country database)');
    assert.deepEqual(s.service.status().files.map((f) => f.path), [managed], 'the stand-in is no longer listed');
  });

  test('no stand-in when the configured file is there at start', async () => {
    const managed = join(dir.path, 'GeoLite2-Country.mmdb');
    await copyFile(testdataPath('GeoIP2-Country-Test.mmdb'), managed);
    s = await startService({ location: [managed], standIn: { location: [testdataPath('GeoIP2-City-Test.mmdb')], asn: false } });
    assert.ok(!s.events.some((e) => e.type === 'stand_in'));
    assert.equal(s.service.lookup(LONDON).city, null);
    assert.equal(s.service.status().files.length, 1);
  });
});
