/**
 * A file verified in full is not walked again while unchanged (its stamp is used), and any change to
 * it — a corrupt copy written over it — is verified again before use.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startService, tempDir, testdataPath } from '../geo-test-helpers.js';

test('an unchanged file opens from its stamp; a changed one is verified again', async () => {
  const dir = await tempDir();
  try {
    const db = join(dir.path, 'city.mmdb');
    const cacheDir = join(dir.path, 'cache');
    const stamps = join(cacheDir, 'mmdb-verified.json');
    await copyFile(testdataPath('GeoIP2-City-Test.mmdb'), db);

    const first = await startService({ location: [db], cacheDir });
    assert.equal(first.service.status().files[0]?.loaded, true);
    await first.close();
    const written = JSON.parse(await readFile(stamps, 'utf8')) as Record<string, { identity: string; layout: { detected: { role: string } } }>;
    assert.equal(written[db]?.layout.detected.role, 'location', 'the verified layout is stamped');

    // The stamp is what a second open trusts: one that (falsely) says "ASN database" is believed…
    (written[db] as { layout: { detected: { role: string } } }).layout.detected.role = 'asn';
    await writeFile(stamps, JSON.stringify(written));
    const trusted = await startService({ location: [db], cacheDir });
    assert.match(trusted.service.status().files[0]?.lastError ?? '', /is a asn database/, 'the stamp was used, the file not walked');
    await trusted.close();

    // …but only for that very file: a corrupt file written over it has a new identity and is refused.
    await copyFile(testdataPath('GeoIP2-City-Test-Broken-Double-Format.mmdb'), db);
    const changed = await startService({ location: [db], cacheDir });
    assert.match(changed.service.status().files[0]?.lastError ?? '', /corrupt MMDB file: a double of 5 bytes/);
    await changed.close();
  } finally {
    await dir.remove();
  }
});

test('an unreadable stamp file only means "verify again"', async () => {
  const dir = await tempDir();
  try {
    const cacheDir = join(dir.path, 'cache');
    await startService({ location: [testdataPath('GeoIP2-City-Test.mmdb')], cacheDir }).then((s) => s.close());
    await writeFile(join(cacheDir, 'mmdb-verified.json'), '{ not json');
    const again = await startService({ location: [testdataPath('GeoIP2-City-Test.mmdb')], cacheDir });
    assert.equal(again.service.status().files[0]?.loaded, true);
    await again.close();
  } finally {
    await dir.remove();
  }
});
