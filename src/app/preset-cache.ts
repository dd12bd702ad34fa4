/**
 * The preset catalog kept as JSON in the cache folder, once per content of `data/presets/`: parsing
 * and validating the YAML lists costs ~150 ms, and every CLI call that decides needs them. The key is
 * a SHA-256 over every file under the presets folder (path and bytes), the catalog format and Cordon's
 * version, so a changed, added or removed list — or a Cordon whose loader reads lists differently —
 * never reads an older catalog. A cache that cannot be read or written only means "parse the YAML".
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultPresetsDir, loadPresetCatalog, type PresetCatalog } from '../policy/index.js';

/** Bump when the shape of `PresetCatalog` changes. */
const CATALOG_FORMAT = 1;
const PREFIX = 'presets-';

/** Cordon's version (package.json next to `src/` and `dist/`), read on first use. */
let version: string | null = null;
function cordonVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

interface CachedCatalog {
  readonly dir: string;
  readonly countries: Array<[string, string]>;
  readonly subdivisionAliases: Array<[string, readonly string[]]>;
  readonly terms: Array<[string, unknown]>;
  readonly law: Array<[string, unknown]>;
}

function contentKey(dir: string): string {
  const hash = createHash('sha256').update(`cordon ${cordonVersion()} catalog ${CATALOG_FORMAT}\0${dir}\0`);
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath?: string; path?: string }>)
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path ?? dir, e.name))
    .sort();
  for (const file of files) hash.update(`${relative(dir, file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 24);
}

export function loadPresetCatalogCached(cacheDir: string, dir: string = defaultPresetsDir()): PresetCatalog {
  let cacheFile: string;
  try {
    cacheFile = join(cacheDir, `${PREFIX}${contentKey(dir)}.json`);
  } catch {
    return loadPresetCatalog(dir); // the loader names what is wrong with the folder
  }
  try {
    return revive(JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedCatalog);
  } catch {
    /* not cached yet, or unreadable: parse the YAML */
  }
  const catalog = loadPresetCatalog(dir);
  store(cacheDir, cacheFile, catalog);
  return catalog;
}

function revive(c: CachedCatalog): PresetCatalog {
  return {
    dir: c.dir,
    countries: { names: new Map(c.countries) },
    subdivisionAliases: new Map(c.subdivisionAliases),
    terms: new Map(c.terms) as PresetCatalog['terms'],
    law: new Map(c.law) as PresetCatalog['law'],
  };
}

function store(cacheDir: string, cacheFile: string, catalog: PresetCatalog): void {
  const cached: CachedCatalog = {
    dir: catalog.dir,
    countries: [...catalog.countries.names],
    subdivisionAliases: [...catalog.subdivisionAliases],
    terms: [...catalog.terms],
    law: [...catalog.law],
  };
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temp, JSON.stringify(cached));
    renameSync(temp, cacheFile);
    for (const name of readdirSync(cacheDir)) {
      if (name.startsWith(PREFIX) && name.endsWith('.json') && join(cacheDir, name) !== cacheFile) unlinkSync(join(cacheDir, name));
    }
  } catch {
    /* a read-only cache folder: parse again next time */
  }
}
