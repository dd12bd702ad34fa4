/**
 * A rule made ready for evaluation: each match key becomes one test over the request facts, backed by
 * a Map built once, and the result a single-key rule can give is built ahead of time, so a match
 * allocates nothing.
 */
import type { LayerResult, PolicyInput } from '../domain/decision.js';
import type { Scope } from './model.js';
import type { ResolvedRule } from './resolve.js';

/** Returns the matched attribute (`country=CU`) or null. A fact that is unknown never matches. */
export type FactTest = (input: PolicyInput) => string | null;

export interface CompiledScope {
  readonly only: boolean;
  readonly names: ReadonlySet<string>;
}

export interface CompiledRule {
  readonly id: string;
  /** Epoch ms, inclusive; -Infinity when the rule has no start. */
  readonly from: number;
  /** Epoch ms, exclusive; Infinity when the rule has no end. */
  readonly until: number;
  /** Applied at compile time: each provider gets only the rules in scope for it. */
  readonly providers: CompiledScope | null;
  readonly tenants: CompiledScope | null;
  /** All must match (AND). None: the rule matches every request in scope. */
  readonly tests: readonly FactTest[];
  /** Results keyed by matched-attribute text, built at compile time; `''` is a rule without tests. */
  readonly results: ReadonlyMap<string, LayerResult>;
  readonly source: ResolvedRule;
}

/** value → `key=value`: the texts a test can return, made once. */
function labels<K>(key: string, values: readonly K[]): Map<K, string> {
  return new Map(values.map((v) => [v, `${key}=${String(v)}`]));
}

/** A fact with several values (subdivisions, anonymizer flags) matches on the first one the rule names. */
function firstLabel<K>(values: readonly K[], map: ReadonlyMap<K, string>): string | null {
  for (const v of values) {
    const hit = map.get(v);
    if (hit !== undefined) return hit;
  }
  return null;
}

function testsFor(rule: ResolvedRule, aliases: Readonly<Record<string, readonly string[]>>): { tests: FactTest[]; known: string[] | null } {
  const m = rule.match;
  const tests: FactTest[] = [];
  // Every label a single test can produce, or null when one of them is only known at request time.
  let known: string[] | null = [];
  const add = (test: FactTest, map: ReadonlyMap<unknown, string> | null): void => {
    tests.push(test);
    if (known !== null && map !== null) known.push(...map.values());
    else known = null;
  };
  if (m.country !== undefined) {
    const map = labels('country', m.country);
    add((i) => (i.origin.country === null ? null : map.get(i.origin.country) ?? null), map);
  }
  if (m.subdivision !== undefined) {
    const codes = [...new Set(m.subdivision.flatMap((c) => [c, ...(aliases[c] ?? [])]))];
    const map = labels('subdivision', codes);
    add((i) => firstLabel(i.origin.subdivisions, map), map);
  }
  if (m.asn !== undefined) {
    const map = labels('asn', m.asn);
    add((i) => (i.origin.asn === null ? null : map.get(i.origin.asn) ?? null), map);
  }
  if (m.anonymizer !== undefined) {
    const map = labels('anonymizer', m.anonymizer);
    add((i) => firstLabel(i.origin.anonymizer, map), map);
  }
  if (m.tenant !== undefined) {
    const map = labels('tenant', m.tenant);
    add((i) => (i.account === null ? null : map.get(i.account.tenantName) ?? null), map);
  }
  if (m.registeredCountry !== undefined) {
    const map = labels('registered_country', m.registeredCountry);
    add((i) => {
      const registered = i.account?.registeredCountry ?? null;
      return registered === null ? null : map.get(registered) ?? null;
    }, map);
  }
  if (m.registeredCountryDiffers === true) {
    add((i) => {
      const here = i.origin.country;
      const registered = i.account?.registeredCountry ?? null;
      return here === null || registered === null || here === registered ? null : `registered_country_differs=${here}/${registered}`;
    }, null);
  }
  if (m.unknownOrigin !== undefined) {
    const map = labels('unknown_origin', m.unknownOrigin);
    add((i) => (i.origin.country !== null ? null : map.get(i.origin.unknown ?? 'not_found') ?? null), map);
  }
  return { tests, known: tests.length === 1 ? known : tests.length === 0 ? [''] : null };
}

export function compileRule(rule: ResolvedRule, aliases: Readonly<Record<string, readonly string[]>>): CompiledRule {
  const { tests, known } = testsFor(rule, aliases);
  const results = new Map<string, LayerResult>();
  for (const label of known ?? []) results.set(label, resultOf(rule, label));
  return {
    id: rule.id,
    from: rule.effectiveFrom ?? -Infinity,
    until: rule.effectiveUntil ?? Infinity,
    providers: compileScope(rule.providers),
    tenants: compileScope(rule.tenants),
    tests,
    results,
    source: rule,
  };
}

function compileScope(scope: Scope | null): CompiledScope | null {
  return scope === null ? null : { only: scope.mode === 'only', names: new Set(scope.names) };
}

function resultOf(rule: ResolvedRule, label: string): LayerResult {
  return Object.freeze({ layer: rule.layer, effect: rule.effect, ruleId: rule.id, matched: label === '' ? null : label });
}

/** The rule's result for this request, or null when it does not match. */
export function matchRule(rule: CompiledRule, input: PolicyInput): LayerResult | null {
  const tests = rule.tests;
  let label = '';
  for (let t = 0; t < tests.length; t++) {
    const hit = (tests[t] as FactTest)(input);
    if (hit === null) return null;
    label = label === '' ? hit : `${label}, ${hit}`;
  }
  return rule.results.get(label) ?? resultOf(rule.source, label);
}

export function inScope(scope: CompiledScope | null, name: string | null): boolean {
  if (scope === null) return true;
  const listed = name !== null && scope.names.has(name);
  return scope.only ? listed : !listed;
}
