/**
 * Judging recorded requests again: a recorded request becomes the same policy input it was decided
 * on (origin facts as recorded, tenant and registered country). A compiled policy's decisions are
 * memoised by the facts it can tell apart: rules only test membership in the values they name, so an
 * AS number, subdivision, flag or tenant no rule names is as good as any other, and time matters only
 * as the span between rule boundaries it falls in. A log repeats the same few combinations, so most
 * requests cost a key and a map lookup — and the answer is exactly what evaluation would give.
 */
import type { AccountFacts } from '../domain/account.js';
import type { Decision, PolicyInput } from '../domain/decision.js';
import { ANONYMIZER_FLAGS, UNKNOWN_REASONS, type AnonymizerFlag, type Origin, type UnknownReason } from '../domain/origin.js';
import type { RecordedRequest } from '../domain/recorded.js';
import { evaluateForProviders, ruleBoundaries, type CompiledPolicy } from '../policy/index.js';

const FLAGS: ReadonlySet<string> = new Set(ANONYMIZER_FLAGS);
const REASONS: ReadonlySet<string> = new Set(UNKNOWN_REASONS);
const MAX_MEMO = 500_000;

export function policyInputOf(r: RecordedRequest): PolicyInput {
  const origin: Origin = {
    ip: '',
    source: 'socket',
    country: r.country,
    subdivisions: r.subdivisions,
    city: null,
    latitude: null,
    longitude: null,
    asn: r.asn,
    org: null,
    anonymizer: r.anonymizer.filter((f): f is AnonymizerFlag => FLAGS.has(f)),
    unknown: r.country !== null ? null : REASONS.has(r.unknown ?? '') ? (r.unknown as UnknownReason) : 'not_found',
  };
  const account: AccountFacts = { keyId: r.keyId, tenantId: '', tenantName: r.tenant, registeredCountry: r.registeredCountry };
  return { origin, account, at: r.at };
}

/** The first provider (in routing order) a policy allows for a recorded request, or null when refused. */
export interface Judge {
  servedBy(r: RecordedRequest): string | null;
  /** The decision for every candidate provider. */
  decisions(r: RecordedRequest): readonly Decision[];
}

/** The values a policy's rules name, per fact: what its decisions can depend on. */
interface Named {
  readonly subdivisions: ReadonlySet<string>;
  readonly asns: ReadonlySet<number>;
  readonly flags: ReadonlySet<string>;
  readonly tenants: ReadonlySet<string>;
  readonly registered: ReadonlySet<string>;
  /** A rule compares the registered country with the origin's: keep it whole. */
  readonly differs: boolean;
}

function namedBy(policy: CompiledPolicy): Named {
  const r = policy.resolved;
  const rules = [...r.law.rules, ...r.operator.rules, ...Object.values(r.terms).flatMap((l) => l.rules)];
  const subdivisions = new Set<string>();
  const named: Named = { subdivisions, asns: new Set(), flags: new Set(), tenants: new Set(), registered: new Set(), differs: rules.some((x) => x.match.registeredCountryDiffers === true) };
  for (const rule of rules) {
    const m = rule.match;
    m.subdivision?.forEach((c) => [c, ...(r.subdivisionAliases[c] ?? [])].forEach((a) => subdivisions.add(a)));
    m.asn?.forEach((a) => (named.asns as Set<number>).add(a));
    m.anonymizer?.forEach((f) => (named.flags as Set<string>).add(f));
    m.tenant?.forEach((t) => (named.tenants as Set<string>).add(t));
    rule.tenants?.names.forEach((t) => (named.tenants as Set<string>).add(t));
    m.registeredCountry?.forEach((c) => (named.registered as Set<string>).add(c));
  }
  return named;
}

function kept(values: readonly string[], named: ReadonlySet<string>): string {
  let out = '';
  for (const v of values) if (named.has(v)) out += `${v},`;
  return out;
}

/** `memo: false` evaluates every request (benchmarks measure the evaluation itself that way). */
export function createJudge(policy: CompiledPolicy, options: { readonly memo?: boolean } = {}): Judge {
  const memo = options.memo ?? true;
  const named = namedBy(policy);
  const boundaries = ruleBoundaries([policy], Number.NEGATIVE_INFINITY);
  const cache = new Map<string, readonly Decision[]>();
  const span = (at: number): number => {
    let lo = 0;
    let hi = boundaries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((boundaries[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const keyOf = (r: RecordedRequest): string =>
    `${span(r.at)}|${r.country}|${r.unknown}|${kept(r.subdivisions, named.subdivisions)}|${r.asn !== null && named.asns.has(r.asn) ? r.asn : ''}|` +
    `${kept(r.anonymizer, named.flags)}|${named.tenants.has(r.tenant) ? r.tenant : ''}|` +
    `${named.differs ? r.registeredCountry : r.registeredCountry !== null && named.registered.has(r.registeredCountry) ? r.registeredCountry : ''}|${r.providers.join(',')}`;
  const decisions = (r: RecordedRequest): readonly Decision[] => {
    if (!memo) return evaluateForProviders(policy, policyInputOf(r), r.providers);
    const key = keyOf(r);
    let found = cache.get(key);
    if (found === undefined) {
      if (cache.size >= MAX_MEMO) cache.clear();
      found = evaluateForProviders(policy, policyInputOf(r), r.providers);
      cache.set(key, found);
    }
    return found;
  };
  return {
    decisions,
    servedBy(r) {
      for (const d of decisions(r)) if (d.effect === 'allow') return d.provider;
      return null;
    },
  };
}

/** Refusals policy can change: a region refusal. Requests refused for the account's standing stay refused. */
export function isPolicyOutcome(r: RecordedRequest): boolean {
  return r.outcome === 'routed' || r.code === 'policy_region_denied';
}
