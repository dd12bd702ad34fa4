/**
 * A semantic diff of two policies: both are evaluated over the same probes (probes.ts) for every
 * provider either knows, and only places whose effect changes are reported, per provider, as opened
 * (refused → allowed) or closed (allowed → refused). Text changes that decide nothing show no change.
 *
 * `lawOpenings` is the same comparison restricted to the law layer, at now and at every future rule
 * boundary: what a candidate would allow that the current law layer denies. Applying such a change
 * needs an approval reference.
 */
import type { Effect, LayerResult } from '../domain/decision.js';
import type { CompiledPolicy } from './compile.js';
import { evaluatePolicy } from './evaluate.js';
import type { CountryCodes } from './model.js';
import { placeProbes, ruleBoundaries, type Probe, type ProbeKind } from './probes.js';

export interface PlaceChange {
  readonly kind: ProbeKind;
  readonly place: string;
  readonly from: { readonly effect: Effect; readonly layer: string; readonly rule: string };
  readonly to: { readonly effect: Effect; readonly layer: string; readonly rule: string };
}

export interface ProviderDiff {
  readonly provider: string;
  /** Refused under the first policy, allowed under the second. */
  readonly opened: readonly PlaceChange[];
  /** Allowed under the first, refused under the second. */
  readonly closed: readonly PlaceChange[];
}

/** The differences in force from `at` until the next step. */
export interface DiffStep {
  readonly at: number;
  /** Providers with at least one change, in order. */
  readonly providers: readonly ProviderDiff[];
}

export interface SemanticDiff {
  readonly probes: number;
  /**
   * The differences at `options.at`, then at each later instant a rule of either policy starts or ends
   * where they are not the same as the step before (a dated rule changes the picture on its date).
   */
  readonly steps: readonly DiffStep[];
}

export interface DiffOptions {
  readonly countries: CountryCodes;
  readonly at: number;
  /** Default: every provider either policy knows. */
  readonly providers?: readonly string[];
}

function providersOf(a: CompiledPolicy, b: CompiledPolicy, given?: readonly string[]): string[] {
  return given !== undefined ? [...given] : [...new Set([...a.providers, ...b.providers])];
}

export function semanticDiff(a: CompiledPolicy, b: CompiledPolicy, options: DiffOptions): SemanticDiff {
  const probes = placeProbes([a, b], { countries: options.countries });
  const providers = providersOf(a, b, options.providers);
  const steps: DiffStep[] = [];
  let previous = '';
  for (const at of [options.at, ...ruleBoundaries([a, b], options.at)]) {
    const step = { at, providers: diffAt(a, b, probes, providers, at) };
    const key = JSON.stringify(step.providers);
    if (steps.length === 0 || key !== previous) steps.push(step);
    previous = key;
  }
  return { probes: probes.length, steps };
}

function diffAt(a: CompiledPolicy, b: CompiledPolicy, probes: readonly Probe[], providers: readonly string[], at: number): ProviderDiff[] {
  const out: ProviderDiff[] = [];
  for (const provider of providers) {
    const opened: PlaceChange[] = [];
    const closed: PlaceChange[] = [];
    for (const probe of probes) {
      const input = { origin: probe.origin, account: probe.account, at };
      const before = evaluatePolicy(a, input, provider);
      const after = evaluatePolicy(b, input, provider);
      if (before.effect === after.effect) continue;
      const change: PlaceChange = {
        kind: probe.kind,
        place: probe.label,
        from: { effect: before.effect, layer: before.layer, rule: before.ruleId },
        to: { effect: after.effect, layer: after.layer, rule: after.ruleId },
      };
      (after.effect === 'allow' ? opened : closed).push(change);
    }
    if (opened.length > 0 || closed.length > 0) out.push({ provider, opened, closed });
  }
  return out;
}

/**
 * What `candidate` opens at the law layer compared with `current`: `provider place` labels (at the
 * first instant it would), empty when it opens nothing.
 */
export function lawOpenings(current: CompiledPolicy, candidate: CompiledPolicy, options: DiffOptions): string[] {
  const probes = placeProbes([current, candidate], { countries: options.countries, layers: 'law' });
  const times = [options.at, ...ruleBoundaries([current, candidate], options.at, 'law')];
  const found = new Set<string>();
  for (const provider of providersOf(current, candidate, options.providers)) {
    for (const probe of probes) {
      for (const at of times) {
        if (lawEffect(current, probe, provider, at) === 'deny' && lawEffect(candidate, probe, provider, at) === 'allow') {
          found.add(`${provider} ${probe.label}`);
          break;
        }
      }
    }
  }
  return [...found];
}

function lawEffect(policy: CompiledPolicy, probe: Probe, provider: string, at: number): Effect {
  const law = evaluatePolicy(policy, { origin: probe.origin, account: probe.account, at }, provider).trail[0] as LayerResult;
  return law.effect;
}
