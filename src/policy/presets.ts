/**
 * Loads `data/presets/`: the ISO 3166-1 code list, the subdivision alias table, and the terms and law
 * presets, each validated like a policy. Synchronous: it runs once, at load time, never per request.
 *
 * The directory is found relative to this module: `src/policy/*.ts` and `dist/policy/*.js` both sit two
 * levels below the package root, so one relative URL serves both.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { issuesFromZod, makeIssue, PolicyValidationError, type PolicyIssue } from './issues.js';
import type { Effect } from '../domain/decision.js';
import type { CountryCodes, LawPreset, PresetCatalog, PresetVersion, TermsPreset } from './model.js';
import { lawPreset, termsPreset } from './preset-versions.js';
import { builtInIds, builtInTermsIds, checkPrefix, checkUniqueIds, placeRules } from './rule-checks.js';
import { aliasesSchema, iso3166Schema, lawPresetSchema, termsPresetSchema, type WireLawPreset } from './schema-files.js';
import { LIST_NAME } from './schema-rule.js';
import { presetVersionFromWire } from './wire.js';
import { readYamlFile } from './yaml-source.js';

/** The presets shipped with Cordon. */
export function defaultPresetsDir(): string {
  return fileURLToPath(new URL('../../data/presets/', import.meta.url));
}

/** The newest date a preset list in the catalog was read on (ISO), or null: how current its presets are. */
export function presetCatalogBuilt(catalog: PresetCatalog): string | null {
  const dates = [...catalog.terms.values(), ...catalog.law.values()].map((p) => p.readOn).filter((d) => !Number.isNaN(Date.parse(d))).sort();
  const newest = dates[dates.length - 1];
  return newest === undefined ? null : new Date(newest).toISOString();
}

/** Reads and validates every preset under `dir` (default: the bundled one); throws `PolicyValidationError`. */
export function loadPresetCatalog(dir: string = defaultPresetsDir()): PresetCatalog {
  const issues: PolicyIssue[] = [];
  const countries = loadCountries(join(dir, 'iso3166-1.json'), issues);
  if (countries === null) throw new PolicyValidationError(issues);
  const subdivisionAliases = loadAliases(join(dir, 'subdivision-aliases.yaml'), countries, issues);
  const terms = new Map<string, TermsPreset>();
  for (const [name, files] of presetFiles(join(dir, 'terms'), issues)) {
    const versions = loadVersions(files, termsPresetSchema(countries), issues);
    const defaults = new Set(versions.map((v) => v.wire.default));
    if (defaults.size > 1) issues.push(makeIssue(files[files.length - 1] ?? dir, ['default'], 'expected the same default in every version of a preset (an allow-list stays an allow-list; a list that changes kind is a new preset)'));
    else if (versions.length === files.length && versions.length > 0) terms.set(name, termsPreset(name, versions.map((v) => v.version), [...defaults][0] as Effect));
  }
  const law = new Map<string, LawPreset>();
  for (const [name, files] of presetFiles(join(dir, 'law'), issues)) {
    const versions = loadVersions(files, lawPresetSchema(countries), issues);
    if (versions.length === files.length && versions.length > 0) law.set(name, lawPreset(name, versions.map((v) => v.version)));
  }
  issues.push(...checkPresetRules(dir, terms, law));
  if (issues.length > 0) throw new PolicyValidationError(issues);
  return { dir, countries, subdivisionAliases, terms, law };
}

function loadCountries(file: string, issues: PolicyIssue[]): CountryCodes | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    issues.push(makeIssue(file, [], `cannot read the ISO 3166-1 code list (${err instanceof Error ? err.message : String(err)})`));
    return null;
  }
  const parsed = iso3166Schema.safeParse(data);
  if (!parsed.success) {
    issues.push(...issuesFromZod(file, parsed.error.issues, data));
    return null;
  }
  const names = new Map<string, string>([...Object.entries(parsed.data.codes), ...Object.entries(parsed.data.user_assigned)]);
  return { names };
}

function loadAliases(file: string, countries: CountryCodes, issues: PolicyIssue[]): ReadonlyMap<string, readonly string[]> {
  const wire = validateFile(file, aliasesSchema(countries), issues);
  const groups = new Map<string, Set<string>>();
  for (const [code, aliases] of Object.entries(wire?.aliases ?? {})) {
    // Merge into one group every code that is linked, directly or through another code.
    const group = new Set<string>([code, ...aliases]);
    for (const member of [...group]) for (const other of groups.get(member) ?? []) group.add(other);
    for (const member of group) groups.set(member, group);
  }
  const out = new Map<string, readonly string[]>();
  for (const [code, group] of groups) out.set(code, [...group].filter((c) => c !== code).sort());
  return out;
}

const VERSION_FILE = /^(\d{4}-\d{2}-\d{2})\.yaml$/;

/**
 * `[name, version files]` of each preset in `dir`, sorted by name: `<name>.yaml` (one version) or a
 * folder `<name>/` of `YYYY-MM-DD.yaml` files, oldest first.
 */
function presetFiles(dir: string, issues: PolicyIssue[]): [string, string[]][] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    issues.push(makeIssue(dir, [], 'preset directory not found'));
    return [];
  }
  const out: [string, string[]][] = [];
  for (const entry of names) {
    const path = join(dir, entry);
    const folder = statSync(path).isDirectory();
    if (!folder && !entry.endsWith('.yaml')) continue;
    const name = folder ? entry : entry.slice(0, -'.yaml'.length);
    if (!LIST_NAME.test(name)) {
      issues.push(makeIssue(path, [], `expected a preset file name such as "openai.yaml" or a folder such as "openai/" (lower-case letters, digits, "_" and "-")`));
      continue;
    }
    if (!folder) {
      out.push([name, [path]]);
      continue;
    }
    const files = readdirSync(path).filter((f) => f.endsWith('.yaml')).sort();
    for (const f of files.filter((f) => !VERSION_FILE.test(f))) {
      issues.push(makeIssue(join(path, f), [], 'expected a version file named by the day it is in force, such as "2026-11-10.yaml"'));
    }
    const versions = files.filter((f) => VERSION_FILE.test(f)).map((f) => join(path, f));
    if (versions.length === 0) issues.push(makeIssue(path, [], 'expected at least one version file such as "2026-11-10.yaml"'));
    else out.push([name, versions]);
  }
  return out;
}

interface LoadedVersion<W> {
  readonly wire: W;
  readonly version: PresetVersion;
}

/** Validates each version file; a file in a folder must be named by the day of its `in_force_from`. */
function loadVersions<W extends WireLawPreset>(files: readonly string[], schema: z.ZodType<W, z.ZodTypeDef, unknown>, issues: PolicyIssue[]): LoadedVersion<W>[] {
  const out: LoadedVersion<W>[] = [];
  for (const file of files) {
    const wire = validateFile(file, schema, issues) as W | null;
    if (wire === null) continue;
    const label = VERSION_FILE.exec(basename(file))?.[1];
    if (files.length > 1 || label !== undefined) {
      if (label !== wire.in_force_from.slice(0, 10)) {
        issues.push(makeIssue(file, ['in_force_from'], `expected a date on ${label ?? 'the file name'} (the file is named by the day its version is in force), got "${wire.in_force_from}"`));
        continue;
      }
    }
    out.push({ wire, version: presetVersionFromWire(file, wire) });
  }
  out.sort((a, b) => a.version.from - b.version.from);
  return out;
}


function validateFile<S extends z.ZodTypeAny>(file: string, schema: S, issues: PolicyIssue[]): z.infer<S> | null {
  const source = readYamlFile(file);
  if (!source.ok) {
    issues.push(...source.issues);
    return null;
  }
  const parsed = schema.safeParse(source.value.data);
  if (!parsed.success) {
    issues.push(...issuesFromZod(file, parsed.error.issues, source.value.data, source.value.locate));
    return null;
  }
  return parsed.data as z.infer<S>;
}

/** Within each version: ids carry the preset's prefix and are unique. Across versions an id may recur. */
function checkPresetRules(dir: string, terms: ReadonlyMap<string, TermsPreset>, law: ReadonlyMap<string, LawPreset>): PolicyIssue[] {
  const problems = [];
  for (const preset of terms.values()) {
    for (const v of preset.history) {
      const placed = placeRules(v.rules, v.file, ['rules']);
      problems.push(...checkPrefix(placed, `terms.${preset.name}.`), ...checkUniqueIds(placed, new Set(builtInTermsIds(preset.name))));
    }
  }
  for (const preset of law.values()) {
    for (const v of preset.history) {
      const placed = placeRules(v.rules, v.file, ['rules']);
      problems.push(...checkPrefix(placed, 'law.'), ...checkUniqueIds(placed, new Set(builtInIds('law'))));
    }
  }
  void dir;
  return problems.map((p) => makeIssue(p.file, p.path, p.message));
}
