/**
 * Compiling a policy: resolve presets, hash the result, and build for every known provider the three
 * layers it is judged by — rules already filtered by provider scope, results of defaults and unknown
 * origins built ahead of time — so evaluation only reads.
 */
import type { Effect, LayerName, LayerResult } from '../domain/decision.js';
import { UNKNOWN_REASONS, type UnknownReason } from '../domain/origin.js';
import { compileRule, inScope, type CompiledRule } from './compiled-rule.js';
import { hashPolicy } from './hash.js';
import { makeIssue, PolicyValidationError, type PolicyIssue } from './issues.js';
import type { PolicyDocument, PresetCatalog } from './model.js';
import { loadPresetCatalog } from './presets.js';
import { resolvePolicy, type ResolvedLayer, type ResolvedPolicy } from './resolve.js';

/** A provider the gateway routes to, and the terms list it answers to (null: a list of its own name, if any). */
export interface ProviderBinding {
  readonly id: string;
  readonly terms: string | null;
}

export interface CompileOptions {
  readonly providers?: readonly ProviderBinding[];
  /** Default: the bundled presets, read from disk. */
  readonly presets?: PresetCatalog;
}

/** One layer as evaluated for one provider. */
export interface CompiledLayer {
  readonly rules: readonly CompiledRule[];
  readonly onDefault: LayerResult;
  /** The layer's setting for each reason a location can be unknown. */
  readonly onUnknown: ReadonlyMap<UnknownReason, LayerResult>;
}

export interface ProviderPlan {
  readonly provider: string;
  readonly termsList: string | null;
  readonly law: CompiledLayer;
  readonly terms: CompiledLayer;
  readonly operator: CompiledLayer;
}

/** What an id in a decision stands for, for explanations and the admin API. */
export interface RuleInfo {
  readonly id: string;
  readonly layer: LayerName;
  readonly kind: 'rule' | 'default' | 'unknown_origin' | 'geo_unavailable' | 'hidden_origin' | 'no_list';
  /** Null for a rule: its effect is in the decision. */
  readonly reason: string | null;
  /** `document`, `preset:<name>` or `built-in`. */
  readonly from: string;
}

export interface CompiledPolicy {
  /** SHA-256 hex of the resolved policy (document and presets). */
  readonly hash: string;
  readonly document: PolicyDocument;
  readonly resolved: ResolvedPolicy;
  /** Providers with a precomputed plan: configured, preset-named, or named in a rule's scope. */
  readonly providers: readonly string[];
  /** The terms list each known provider answers to; null for none. */
  readonly termsLists: ReadonlyMap<string, string | null>;
  readonly rules: ReadonlyMap<string, RuleInfo>;
  /** @internal Read by `evaluate.ts`. */
  readonly plans: ReadonlyMap<string, ProviderPlan>;
  /** @internal Law and operator layers for a provider named nowhere (only `except` scopes apply). */
  readonly unnamed: { readonly law: CompiledLayer; readonly operator: CompiledLayer };
}

function result(layer: LayerName, effect: Effect, ruleId: string, matched: string | null = null): LayerResult {
  return Object.freeze({ layer, effect, ruleId, matched });
}

/** The id of a layer's result for an unknown origin no rule decided: the name of its setting. */
const UNKNOWN_SETTING_IDS: Readonly<Record<UnknownReason, string>> = {
  private: 'unknown_origin',
  not_found: 'unknown_origin',
  geo_unavailable: 'geo_unavailable',
  hidden: 'hidden_origin',
};

/** `private` and `not_found` answer as `<prefix>.unknown_origin`, `geo_unavailable` as `<prefix>.geo_unavailable`, `hidden` as `<prefix>.hidden_origin`. */
function unknownResults(layer: LayerName, prefix: string, settings: ResolvedLayer): Map<UnknownReason, LayerResult> {
  return new Map(
    UNKNOWN_REASONS.map((reason) => {
      const id = `${prefix}.${UNKNOWN_SETTING_IDS[reason]}`;
      return [reason, result(layer, settings.unknown[reason], id, `unknown_origin=${reason}`)];
    }),
  );
}

/** A layer's rules that apply to `provider` (or to a provider named nowhere when null). */
function forProvider(rules: readonly CompiledRule[], provider: string | null): CompiledRule[] {
  return rules.filter((r) => inScope(r.providers, provider));
}

interface LayerTemplate {
  readonly rules: readonly CompiledRule[];
  readonly onDefault: LayerResult;
  readonly onUnknown: ReadonlyMap<UnknownReason, LayerResult>;
}

function template(layer: LayerName, prefix: string, settings: ResolvedLayer, aliases: ResolvedPolicy['subdivisionAliases'], defaultId: string): LayerTemplate {
  return {
    rules: settings.rules.map((r) => compileRule(r, aliases)),
    onDefault: result(layer, settings.default, defaultId),
    onUnknown: unknownResults(layer, prefix, settings),
  };
}

function specialise(t: LayerTemplate, provider: string | null): CompiledLayer {
  return { rules: forProvider(t.rules, provider), onDefault: t.onDefault, onUnknown: t.onUnknown };
}

/** The terms layer of a provider without a list: it allows, always, with one id. */
export function noListLayer(provider: string): CompiledLayer {
  const allow = result('terms', 'allow', `terms.${provider}.no_list`);
  return { rules: [], onDefault: allow, onUnknown: new Map(UNKNOWN_REASONS.map((r) => [r, allow])) };
}

export function termsDefaultId(list: string, effect: Effect): string {
  return `terms.${list}.${effect === 'deny' ? 'unsupported' : 'default'}`;
}

export function compilePolicy(doc: PolicyDocument, options: CompileOptions = {}): CompiledPolicy {
  const presets = options.presets ?? loadPresetCatalog();
  const bindings = options.providers ?? [];
  const resolved = resolvePolicy(doc, presets);
  const aliases = resolved.subdivisionAliases;

  const law = template('law', 'law', resolved.law, aliases, 'law.default');
  const operator = template('operator', 'operator', resolved.operator, aliases, 'operator.default');
  const terms = new Map(
    Object.values(resolved.terms).map((list) => [list.name, template('terms', `terms.${list.name}`, list, aliases, termsDefaultId(list.name, list.default))]),
  );

  const termsLists = bindTermsLists(bindings, resolved);
  const plans = new Map<string, ProviderPlan>();
  for (const [provider, list] of termsLists) {
    const listTemplate = list === null ? undefined : terms.get(list);
    plans.set(provider, {
      provider,
      termsList: list,
      law: specialise(law, provider),
      terms: listTemplate === undefined ? noListLayer(provider) : specialise(listTemplate, provider),
      operator: specialise(operator, provider),
    });
  }
  return {
    hash: hashPolicy(resolved),
    document: doc,
    resolved,
    providers: [...termsLists.keys()],
    termsLists,
    rules: describeRules(resolved, termsLists),
    plans,
    unnamed: { law: specialise(law, null), operator: specialise(operator, null) },
  };
}

/** Every known provider → its terms list. Configured providers first, in order; then the rest, sorted. */
function bindTermsLists(bindings: readonly ProviderBinding[], resolved: ResolvedPolicy): Map<string, string | null> {
  const issues: PolicyIssue[] = [];
  const out = new Map<string, string | null>();
  bindings.forEach((b, i) => {
    if (out.has(b.id)) issues.push(makeIssue(null, ['providers', i, 'id'], `provider "${b.id}" is configured twice`));
    if (b.terms !== null && resolved.terms[b.terms] === undefined) {
      issues.push(makeIssue(null, ['providers', i, 'terms'], `expected a terms list of the policy (one of: ${Object.keys(resolved.terms).join(', ')}), got "${b.terms}"`));
    }
    out.set(b.id, b.terms ?? (resolved.terms[b.id] !== undefined ? b.id : null));
  });
  if (issues.length > 0) throw new PolicyValidationError(issues);
  const scoped = [resolved.law, resolved.operator, ...Object.values(resolved.terms)].flatMap((l) => l.rules.flatMap((r) => r.providers?.names ?? []));
  for (const name of [...new Set([...Object.keys(resolved.terms), ...scoped])].sort()) {
    if (!out.has(name)) out.set(name, resolved.terms[name] !== undefined ? name : null);
  }
  return out;
}

function describeRules(resolved: ResolvedPolicy, termsLists: ReadonlyMap<string, string | null>): Map<string, RuleInfo> {
  const out = new Map<string, RuleInfo>();
  const builtIn = (id: string, layer: LayerName, kind: RuleInfo['kind'], reason: string): void => {
    out.set(id, { id, layer, kind, reason, from: 'built-in' });
  };
  const settings = (layer: LayerName, prefix: string, what: string): void => {
    builtIn(`${prefix}.unknown_origin`, layer, 'unknown_origin', `the origin is unknown (private address or no database answer): the ${what} setting`);
    builtIn(`${prefix}.geo_unavailable`, layer, 'geo_unavailable', `no location database is loaded: the ${what} setting`);
    builtIn(`${prefix}.hidden_origin`, layer, 'hidden_origin', `a trusted proxy forwarded the request without a readable client address: the ${what} setting`);
  };
  for (const layer of [resolved.law, resolved.operator, ...Object.values(resolved.terms)]) {
    for (const r of layer.rules) out.set(r.id, { id: r.id, layer: r.layer, kind: 'rule', reason: r.reason, from: r.from });
  }
  builtIn('law.default', 'law', 'default', 'no law rule matched: the law layer default');
  builtIn('operator.default', 'operator', 'default', 'no operator rule matched: the operator layer default');
  settings('law', 'law', 'law layer');
  settings('operator', 'operator', 'operator layer');
  for (const list of Object.values(resolved.terms)) {
    const unsupported = list.default === 'deny';
    builtIn(termsDefaultId(list.name, list.default), 'terms', 'default', unsupported ? `not on ${list.name}'s list of supported locations` : `no rule of the ${list.name} terms list matched: its default`);
    settings('terms', `terms.${list.name}`, `${list.name} terms list`);
  }
  for (const [provider, list] of termsLists) {
    if (list === null) builtIn(`terms.${provider}.no_list`, 'terms', 'no_list', `provider ${provider} has no terms list`);
  }
  return out;
}
