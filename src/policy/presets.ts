/**
 * Loads `data/presets/`: the ISO 3166-1 code list, the subdivision alias table, and the terms and law
 * presets, each validated like a policy. Synchronous: it runs once, at load time, never per request.
 *
 * The directory is found relative to this module: `src/policy/*.ts` and `dist/policy/*.js` both sit two
 * levels below the package root, so one relative URL serves both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { issuesFromZod, makeIssue, PolicyValidationError, type PolicyIssue } from './issues.js';
import type { CountryCodes, LawPreset, PresetCatalog, TermsPreset } from './model.js';
import { builtInIds, builtInTermsIds, checkPrefix, checkUniqueIds, placeRules } from './rule-checks.js';
import { aliasesSchema, iso3166Schema, lawPresetSchema, termsPresetSchema } from './schema-files.js';
import { LIST_NAME } from './schema-rule.js';
import { lawPresetFromWire, termsPresetFromWire } from './wire.js';
import { readYamlFile } from './yaml-source.js';

/** The presets shipped with Cordon. */
export function defaultPresetsDir(): string {
  return fileURLToPath(new URL('../../data/presets/', import.meta.url));
}

/** Reads and validates every preset under `dir` (default: the bundled one); throws `PolicyValidationError`. */
export function loadPresetCatalog(dir: string = defaultPresetsDir()): PresetCatalog {
  const issues: PolicyIssue[] = [];
  const countries = loadCountries(join(dir, 'iso3166-1.json'), issues);
  if (countries === null) throw new PolicyValidationError(issues);
  const subdivisionAliases = loadAliases(join(dir, 'subdivision-aliases.yaml'), countries, issues);
  const terms = new Map<string, TermsPreset>();
  for (const [name, file] of presetFiles(join(dir, 'terms'), issues)) {
    const wire = validateFile(file, termsPresetSchema(countries), issues);
    if (wire !== null) terms.set(name, termsPresetFromWire(name, wire));
  }
  const law = new Map<string, LawPreset>();
  for (const [name, file] of presetFiles(join(dir, 'law'), issues)) {
    const wire = validateFile(file, lawPresetSchema(countries), issues);
    if (wire !== null) law.set(name, lawPresetFromWire(name, wire));
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

/** `[name, path]` of each `*.yaml` in `dir`, sorted by name. */
function presetFiles(dir: string, issues: PolicyIssue[]): [string, string][] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    issues.push(makeIssue(dir, [], 'preset directory not found'));
    return [];
  }
  const out: [string, string][] = [];
  for (const fileName of names) {
    const name = fileName.slice(0, -'.yaml'.length);
    const file = join(dir, fileName);
    if (LIST_NAME.test(name)) out.push([name, file]);
    else issues.push(makeIssue(file, [], `expected a preset file name such as "openai.yaml" (lower-case letters, digits, "_" and "-")`));
  }
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

function checkPresetRules(dir: string, terms: ReadonlyMap<string, TermsPreset>, law: ReadonlyMap<string, LawPreset>): PolicyIssue[] {
  const problems = [];
  for (const preset of terms.values()) {
    const placed = placeRules(preset.rules, join(dir, 'terms', `${preset.name}.yaml`), ['rules']);
    problems.push(...checkPrefix(placed, `terms.${preset.name}.`), ...checkUniqueIds(placed, new Set(builtInTermsIds(preset.name))));
  }
  for (const preset of law.values()) {
    const placed = placeRules(preset.rules, join(dir, 'law', `${preset.name}.yaml`), ['rules']);
    problems.push(...checkPrefix(placed, 'law.'), ...checkUniqueIds(placed, new Set(builtInIds('law'))));
  }
  return problems.map((p) => makeIssue(p.file, p.path, p.message));
}
