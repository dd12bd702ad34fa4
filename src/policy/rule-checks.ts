/**
 * Checks zod cannot make on its own: rule ids carry their layer's prefix, are unique within a policy,
 * and never take an id the engine gives to its own results (`law.default`, `terms.openai.unsupported`).
 */
import type { PolicyRule } from './model.js';
import { formatPath, type PathSegment } from './issues.js';

/** A rule and where it was written, for messages. */
export interface PlacedRule {
  readonly rule: PolicyRule;
  readonly file: string | null;
  readonly path: readonly PathSegment[];
}

export interface RuleProblem {
  readonly file: string | null;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** Ids the engine uses for a layer's own results. */
export function builtInIds(layer: 'law' | 'operator'): string[] {
  return [`${layer}.default`, `${layer}.unknown_origin`, `${layer}.geo_unavailable`, `${layer}.hidden_origin`];
}

/** Ids the engine uses for a terms list's own results. */
export function builtInTermsIds(list: string): string[] {
  return ['unsupported', 'default', 'unknown_origin', 'geo_unavailable', 'hidden_origin', 'no_list'].map((s) => `terms.${list}.${s}`);
}

/** Every rule id must start with `prefix` (e.g. `law.` or `terms.openai.`). */
export function checkPrefix(rules: readonly PlacedRule[], prefix: string): RuleProblem[] {
  return rules
    .filter((p) => !p.rule.id.startsWith(prefix))
    .map((p) => ({ file: p.file, path: [...p.path, 'id'], message: `expected a rule id starting with "${prefix}", got "${p.rule.id}"` }));
}

/**
 * Rule ids are unique within a policy, presets included, and differ from the built-in ids.
 * The first place an id appears keeps it; every later one is reported.
 */
export function checkUniqueIds(rules: readonly PlacedRule[], reserved: ReadonlySet<string>): RuleProblem[] {
  const seen = new Map<string, PlacedRule>();
  const problems: RuleProblem[] = [];
  for (const placed of rules) {
    const id = placed.rule.id;
    const first = seen.get(id);
    if (reserved.has(id)) {
      problems.push({ file: placed.file, path: [...placed.path, 'id'], message: `rule id "${id}" is used by the engine for a layer result; choose another` });
    } else if (first !== undefined) {
      const where = [first.file, formatPath(first.path)].filter((s) => s !== null && s !== '').join(' at ');
      problems.push({ file: placed.file, path: [...placed.path, 'id'], message: `duplicate rule id "${id}" (first used in ${where})` });
    } else {
      seen.set(id, placed);
    }
  }
  return problems;
}

export function placeRules(rules: readonly PolicyRule[], file: string | null, base: readonly PathSegment[]): PlacedRule[] {
  return rules.map((rule, i) => ({ rule, file, path: [...base, i] }));
}
