/**
 * Preset history (docs/adr/0010): a preset is one file (`terms/openai.yaml`, one version) or a folder
 * of version files named by the day each is in force (`terms/openai/2026-11-10.yaml`). Each version's
 * rules apply from its `in_force_from` until the next version's; the first version also applies before
 * its own date (nothing older is known), and the newest has no end. So evaluation at any instant — a
 * request, `cordon check --at`, a replay of last year's traffic — uses the list in force then, and the
 * versions compile to ordinary dated rules: evaluation, the hash and the semantic diff need nothing new.
 */
import type { Effect } from '../domain/decision.js';
import type { LawPreset, PolicyRule, PresetVersion, PresetVersionMeta, TermsPreset } from './model.js';

function meta(v: PresetVersionMeta): PresetVersionMeta {
  return { inForceFrom: v.inForceFrom, source: v.source, readOn: v.readOn, notes: v.notes };
}

function later(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

function earlier(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/** A rule limited to `[from, until)`; null when the two windows do not meet. */
function within(rule: PolicyRule, from: number | null, until: number | null): PolicyRule | null {
  const effectiveFrom = later(rule.effectiveFrom, from);
  const effectiveUntil = earlier(rule.effectiveUntil, until);
  if (effectiveFrom !== null && effectiveUntil !== null && effectiveFrom >= effectiveUntil) return null;
  return { ...rule, effectiveFrom, effectiveUntil };
}

/** Every version's rules, each limited to the time its version is in force. `versions` sorted oldest first. */
export function windowedRules(versions: readonly PresetVersion[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  versions.forEach((version, i) => {
    const from = i === 0 ? null : version.from;
    const until = versions[i + 1]?.from ?? null;
    for (const rule of version.rules) {
      const placed = within(rule, from, until);
      if (placed !== null) out.push(placed);
    }
  });
  return out;
}

/** The version in force at `at` (the first one before any is). `versions` sorted oldest first. */
export function versionAt<V extends { readonly from: number }>(versions: readonly V[], at: number): V | undefined {
  let current = versions[0];
  for (const v of versions) if (v.from <= at) current = v;
  return current;
}

export function lawPreset(name: string, versions: readonly PresetVersion[]): LawPreset {
  const newest = versions[versions.length - 1] as PresetVersion;
  return { name, ...meta(newest), versions: versions.map(meta), rules: windowedRules(versions), history: versions };
}

export function termsPreset(name: string, versions: readonly PresetVersion[], listDefault: Effect): TermsPreset {
  return { ...lawPreset(name, versions), default: listDefault };
}
