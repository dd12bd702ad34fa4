/**
 * What `cordon presets` and `GET /admin/presets` show: every preset with its source, the day it was
 * read, the instant its newest version is in force from, how many places it names, and its versions —
 * so an operator can see how fresh each list is.
 */
import type { LawPreset, PolicyRule, PresetCatalog, PresetVersion } from './model.js';

export interface PresetEntryCount {
  readonly countries: number;
  readonly subdivisions: number;
  readonly asns: number;
}

export interface PresetVersionSummary {
  readonly in_force_from: string;
  readonly read_on: string;
  readonly source: string;
  readonly entries: PresetEntryCount;
}

/** Snake_case: the shape of `--json` and the admin API. */
export interface PresetSummary extends PresetVersionSummary {
  readonly name: string;
  readonly kind: 'terms' | 'law';
  /** `allow` (a deny-list or no list) or `deny` (an allow-list); null for a law preset. */
  readonly default: 'allow' | 'deny' | null;
  readonly versions: readonly PresetVersionSummary[];
}

/** Distinct countries, subdivisions and AS numbers the rules of one version name. */
export function countEntries(rules: readonly PolicyRule[]): PresetEntryCount {
  const countries = new Set(rules.flatMap((r) => r.match.country ?? []));
  const subdivisions = new Set(rules.flatMap((r) => r.match.subdivision ?? []));
  const asns = new Set(rules.flatMap((r) => r.match.asn ?? []));
  return { countries: countries.size, subdivisions: subdivisions.size, asns: asns.size };
}

function version(v: PresetVersion): PresetVersionSummary {
  return { in_force_from: v.inForceFrom, read_on: v.readOn, source: v.source, entries: countEntries(v.rules) };
}

function summary(preset: LawPreset, kind: 'terms' | 'law', listDefault: 'allow' | 'deny' | null): PresetSummary {
  const versions = preset.history.map(version);
  return { name: preset.name, kind, default: listDefault, ...(versions[versions.length - 1] as PresetVersionSummary), versions };
}

/** Terms presets first, then law presets, each sorted by name. */
export function listPresets(catalog: PresetCatalog): PresetSummary[] {
  const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : 1);
  return [
    ...[...catalog.terms.values()].sort(byName).map((p) => summary(p, 'terms', p.default)),
    ...[...catalog.law.values()].sort(byName).map((p) => summary(p, 'law', null)),
  ];
}
