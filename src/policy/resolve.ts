/**
 * A policy document with its presets written out: every rule each layer will try, in order, with the
 * file it came from. This is what the policy hash covers, so editing a preset changes the hash.
 */
import type { Effect, LayerName } from '../domain/decision.js';
import type { UnknownReason } from '../domain/origin.js';
import { checkDocument } from './document-checks.js';
import { PolicyValidationError } from './issues.js';
import type { PolicyDocument, PolicyRule, PresetCatalog, PresetMeta, PresetVersionMeta, Setting, UnknownSettings } from './model.js';

export interface ResolvedRule extends PolicyRule {
  readonly layer: LayerName;
  /** `document`, or `preset:<name>` for a rule that came from a preset. */
  readonly from: string;
}

export interface ResolvedLayer {
  readonly default: Effect;
  /** The effect for an unknown origin no rule decided, by reason; `default` settings resolved. */
  readonly unknown: Readonly<Record<UnknownReason, Effect>>;
  readonly rules: readonly ResolvedRule[];
}

export interface ResolvedTermsList extends ResolvedLayer {
  readonly name: string;
  /** The preset the list is, or extends; null for an inline list. */
  readonly preset: PresetMeta | null;
}

export interface ResolvedPolicy {
  readonly description: string | null;
  readonly law: ResolvedLayer & { readonly presets: readonly PresetMeta[] };
  /** Every terms list: the document's entries and the presets it does not name. Sorted by name. */
  readonly terms: Readonly<Record<string, ResolvedTermsList>>;
  readonly operator: ResolvedLayer;
  /** The alias table used to match subdivisions. */
  readonly subdivisionAliases: Readonly<Record<string, readonly string[]>>;
}

/** What the hash covers of a preset besides its rules: every version's source, dates and notes. */
function meta(p: PresetMeta): PresetMeta {
  const version = (v: PresetVersionMeta): PresetVersionMeta => ({ inForceFrom: v.inForceFrom, source: v.source, readOn: v.readOn, notes: v.notes });
  return { name: p.name, ...version(p), versions: p.versions.map(version) };
}

function unknownEffects(s: UnknownSettings, fallback: Effect): Record<UnknownReason, Effect> {
  const effect = (v: Setting): Effect => (v === 'default' ? fallback : v);
  return { private: effect(s.private), not_found: effect(s.notFound), geo_unavailable: effect(s.geoUnavailable), hidden: effect(s.hidden) };
}

function place(rules: readonly PolicyRule[], layer: LayerName, from: string): ResolvedRule[] {
  return rules.map((r) => ({ ...r, layer, from }));
}

/** Resolves presets; throws `PolicyValidationError` when the document does not fit the catalog. */
export function resolvePolicy(doc: PolicyDocument, presets: PresetCatalog): ResolvedPolicy {
  const issues = checkDocument(doc, presets, null);
  if (issues.length > 0) throw new PolicyValidationError(issues);
  const { law, terms, operator } = doc.layers;

  const lawPresets = law.presets.map((name) => presets.law.get(name)).filter((p) => p !== undefined);
  const lawRules = [...lawPresets.flatMap((p) => place(p.rules, 'law', `preset:${p.name}`)), ...place(law.rules, 'law', 'document')];

  const lists: Record<string, ResolvedTermsList> = {};
  const names = [...new Set([...presets.terms.keys(), ...Object.keys(terms.lists)])].sort();
  for (const name of names) {
    const entry = terms.lists[name];
    const preset = entry === undefined || entry.preset !== null ? presets.terms.get(name) ?? null : null;
    const listDefault = preset?.default ?? entry?.default ?? 'allow';
    lists[name] = {
      name,
      preset: preset === null ? null : meta(preset),
      default: listDefault,
      unknown: unknownEffects({ ...terms.unknown, ...entry?.unknown }, listDefault),
      rules: [...place(entry?.rules ?? [], 'terms', 'document'), ...place(preset?.rules ?? [], 'terms', `preset:${name}`)],
    };
  }

  const aliases: Record<string, readonly string[]> = {};
  for (const [code, others] of [...presets.subdivisionAliases].sort(([a], [b]) => (a < b ? -1 : 1))) aliases[code] = others;

  return {
    description: doc.description,
    law: {
      presets: lawPresets.map(meta),
      default: law.default,
      unknown: unknownEffects(law.unknown, law.default),
      rules: lawRules,
    },
    terms: lists,
    operator: {
      default: operator.default,
      unknown: unknownEffects(operator.unknown, operator.default),
      rules: place(operator.rules, 'operator', 'document'),
    },
    subdivisionAliases: aliases,
  };
}
