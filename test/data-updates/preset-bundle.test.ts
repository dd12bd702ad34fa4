/**
 * Signed preset bundles against a local server: a bundle signed with the pinned key is installed
 * beside the presets in use and the pointer swapped; a wrong signature, a bundle that does not load,
 * a file outside the presets and an older bundle are refused with the installed presets kept.
 */
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCheckpointKeyPair, readSigningKey } from '../../src/audit/index.js';
import { BUNDLE_FORMAT, createUpdater, installedPresets, NO_UPDATES, type SourceSettings } from '../../src/data-updates/index.js';
import { defaultPresetsDir, loadPresetCatalog, presetCatalogBuilt } from '../../src/policy/index.js';
import { conditional, startFakeOrigins, type FakeOrigins } from './fake-origins.js';

/** Every preset file Cordon ships, as a bundle's `files`. */
async function shippedPresets(): Promise<Record<string, string>> {
  const dir = defaultPresetsDir();
  const files: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(e.parentPath, e.name));
    if (e.isFile() && /^(iso3166-1\.json|subdivision-aliases\.yaml|terms\/.*|law\/.*)$/.test(path)) files[path] = await readFile(join(dir, path), 'utf8');
  }
  return files;
}

function bundle(privatePem: string, built: string, files: Record<string, string>): string {
  const payload = Buffer.from(JSON.stringify({ format: BUNDLE_FORMAT, built, files }));
  return JSON.stringify({ payload: payload.toString('base64'), signature: sign(null, payload, readSigningKey(privatePem).privateKey).toString('base64') });
}

describe('data updates: signed preset bundles', () => {
  let origins: FakeOrigins;
  let dir: string;
  const pair = generateCheckpointKeyPair();
  const other = generateCheckpointKeyPair();
  before(async () => {
    origins = await startFakeOrigins();
    dir = await mkdtemp(join(tmpdir(), 'cordon-presets-'));
  });
  after(async () => {
    await origins.close();
    await rm(dir, { recursive: true, force: true });
  });

  const source = (): SourceSettings => ({ kind: 'presets', name: 'presets', url: `${origins.url}/bundle.json`, publicKey: pair.publicBase64, maxAgeDays: 365 });
  const run = async () => {
    const updater = createUpdater({ ...NO_UPDATES, timeoutMs: 5000, sources: [source()] }, { stateDir: join(dir, 'state'), presetsRoot: join(dir, 'presets') });
    try {
      return (await updater.run())[0];
    } finally {
      await updater.close();
    }
  };

  it('installs a bundle signed with the pinned key, and the policy loader reads it', async () => {
    const files = await shippedPresets();
    // A list the release does not have (here: a note added to one file) arrives by the bundle.
    const openai = Object.keys(files).find((p) => p.startsWith('terms/openai')) as string;
    files[openai] = `${files[openai] as string}\n# updated by bundle 2030-01-01\n`;
    origins.route('/bundle.json', conditional(bundle(pair.privatePem, '2030-01-01T00:00:00Z', files), '"b1"'));
    const r = await run();
    assert.equal(r?.outcome, 'changed', r?.detail);
    const installed = installedPresets(join(dir, 'presets'));
    assert.ok(installed !== null);
    assert.equal(installed.built, '2030-01-01T00:00:00.000Z');
    assert.match(await readFile(join(installed.path, openai), 'utf8'), /updated by bundle 2030-01-01/);
    const catalog = loadPresetCatalog(installed.path);
    assert.deepEqual([...catalog.terms.keys()].sort(), [...loadPresetCatalog().terms.keys()].sort());
    assert.equal((await run())?.detail, 'not modified');
  });

  it('refuses a wrong signature, presets that do not load, a file outside the presets, and an older bundle; the installed bundle stays', async () => {
    const before = installedPresets(join(dir, 'presets'));
    const files = await shippedPresets();
    const cases: Array<[string, string, RegExp]> = [
      ['signed by another key', bundle(other.privatePem, '2030-01-05T00:00:00Z', files), /does not verify with the pinned key/],
      ['tampered payload', (() => {
        const b = JSON.parse(bundle(pair.privatePem, '2030-01-05T00:00:00Z', files)) as { payload: string; signature: string };
        const payload = Buffer.from(b.payload, 'base64').toString('utf8').replace('2030-01-05', '2030-01-06');
        return JSON.stringify({ ...b, payload: Buffer.from(payload).toString('base64') });
      })(), /does not verify/],
      ['presets that do not load', bundle(pair.privatePem, '2030-01-05T00:00:00Z', { ...files, 'law/us-sanctions/2027-01-01.yaml': 'not: a preset\n' }), /do not load/],
      ['a file outside the presets', bundle(pair.privatePem, '2030-01-05T00:00:00Z', { ...files, '../../etc/cron.d/x': 'x' }), /not a preset file/],
      ['an older bundle', bundle(pair.privatePem, '2029-11-01T00:00:00Z', files), /not after the one installed/],
      ['another bundle built at the same instant', bundle(pair.privatePem, '2030-01-01T00:00:00Z', sameInstant(files)), /not after the one installed/],
      ['not a bundle', '<html></html>', /not a preset bundle/],
    ];
    for (const [name, body, reason] of cases) {
      origins.route('/bundle.json', conditional(body, `"${name}"`));
      const r = await run();
      assert.equal(r?.outcome, 'failed', `${name}: ${r?.detail}`);
      assert.match(r?.detail ?? '', reason, name);
      assert.deepEqual(installedPresets(join(dir, 'presets')), before, name);
    }
    assert.deepEqual((await readdir(join(dir, 'presets'))).filter((n) => n.includes('staging')), []);
  });

  it('with no bundle installed (a fresh data_dir, a lost pointer), a bundle older than the presets shipped with Cordon is refused', async () => {
    const files = await shippedPresets();
    const shipped = presetCatalogBuilt(loadPresetCatalog()) as string;
    const older = new Date(Date.parse(shipped) - 86_400_000).toISOString();
    origins.route('/bundle.json', conditional(bundle(pair.privatePem, older, files), '"old"'));
    const updater = createUpdater({ ...NO_UPDATES, timeoutMs: 5000, sources: [source()] }, { stateDir: join(dir, 'fresh-state'), presetsRoot: join(dir, 'fresh-presets') });
    try {
      const [r] = await updater.run();
      assert.equal(r?.outcome, 'failed', r?.detail);
      assert.match(r?.detail ?? '', /before the presets shipped with this Cordon were read/);
      assert.equal(installedPresets(join(dir, 'fresh-presets')), null, 'the shipped presets stay in use');
    } finally {
      await updater.close();
    }
  });
});

/** The files with one comment added: other content, to be signed with the installed bundle's date. */
function sameInstant(files: Record<string, string>): Record<string, string> {
  const openai = Object.keys(files).find((p) => p.startsWith('terms/openai')) as string;
  return { ...files, [openai]: `${files[openai] as string}\n# another bundle, same instant\n` };
}
