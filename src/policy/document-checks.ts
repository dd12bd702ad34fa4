/**
 * Checks on a whole policy document against the preset catalog: named presets exist, a preset list is
 * keyed by its own name, rule ids carry their layer's prefix and are unique across document and presets.
 */
import { makeIssue, type Locator, type PolicyIssue } from './issues.js';
import type { LawPreset, PolicyDocument, PresetCatalog } from './model.js';
import { builtInIds, builtInTermsIds, checkPrefix, checkUniqueIds, placeRules, type PlacedRule } from './rule-checks.js';

export function checkDocument(doc: PolicyDocument, presets: PresetCatalog, file: string | null, locate?: Locator): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const issue = (path: (string | number)[], message: string): void => {
    issues.push(makeIssue(file, path, message, locate));
  };
  const { law, terms, operator } = doc.layers;
  const placed: PlacedRule[] = [];

  const seenPresets = new Set<string>();
  law.presets.forEach((name, i) => {
    const preset = presets.law.get(name);
    if (preset === undefined) issue(['layers', 'law', 'presets', i], `expected a law preset name (${known(presets.law)}), got "${name}"`);
    else if (seenPresets.has(name)) issue(['layers', 'law', 'presets', i], `preset "${name}" is listed twice`);
    else placed.push(...placePreset(preset));
    seenPresets.add(name);
  });
  const lawRules = placeRules(law.rules, file, ['layers', 'law', 'rules']);
  placed.push(...lawRules);

  const reserved = new Set([...builtInIds('law'), ...builtInIds('operator')]);
  const problems = checkPrefix(lawRules, 'law.');
  const listNames = new Set([...presets.terms.keys(), ...Object.keys(terms.lists)]);
  for (const list of [...listNames].sort()) {
    for (const id of builtInTermsIds(list)) reserved.add(id);
    const entry = terms.lists[list];
    const base = ['layers', 'terms', 'providers', list];
    const entryRules = placeRules(entry?.rules ?? [], file, [...base, 'rules']);
    problems.push(...checkPrefix(entryRules, `terms.${list}.`));
    placed.push(...entryRules);
    // A list without an entry is the preset of that name, applied as it is.
    const presetName = entry === undefined ? list : entry.preset;
    if (presetName === null) continue;
    const preset = presets.terms.get(presetName);
    if (preset === undefined) issue([...base, 'preset'], `expected a terms preset name (${known(presets.terms)}), got "${presetName}"`);
    else if (presetName !== list) {
      issue([...base, 'preset'], `expected "${list}" (a preset is used under its own name; point other providers at it with terms: ${presetName} in the gateway config), got "${presetName}"`);
    } else placed.push(...placePreset(preset));
  }

  const operatorRules = placeRules(operator.rules, file, ['layers', 'operator', 'rules']);
  problems.push(...checkPrefix(operatorRules, 'operator.'));
  placed.push(...operatorRules);
  problems.push(...checkUniqueIds(placed, reserved));
  for (const p of problems) issues.push(makeIssue(p.file, p.path, p.message, p.file === file ? locate : undefined));
  return issues;
}

/** A preset's rules, one per id: versions of a preset may repeat an id (docs/adr/0010). */
function placePreset(preset: LawPreset): PlacedRule[] {
  const out: PlacedRule[] = [];
  const seen = new Set<string>();
  for (const v of preset.history) {
    v.rules.forEach((rule, i) => {
      if (!seen.has(rule.id)) out.push({ rule, file: v.file, path: ['rules', i] });
      seen.add(rule.id);
    });
  }
  return out;
}

function known(map: ReadonlyMap<string, unknown>): string {
  return map.size === 0 ? 'none installed' : `one of: ${[...map.keys()].join(', ')}`;
}
