/**
 * Judging recorded requests again: a recorded request becomes the same policy input it was decided
 * on (origin facts as recorded, tenant and registered country). A compiled policy's decisions are
 * memoised by the facts it can tell apart: rules only test membership in the values they name, so an
 * AS number, subdivision, flag or tenant no rule names is as good as every other, and time matters only
 * as the span between rule boundaries it falls in. A log repeats the same few combinations, so most
 * requests cost a key and a map lookup — and the answer is exactly what evaluation would give.
 */
import type { AccountFacts } from '../domain/account.js';
import type { Decision, PolicyInput } from '../domain/decision.js';
import { ANONYMIZER_FLAGS, CARRIER_KINDS, UNKNOWN_REASONS, type AnonymizerFlag, type Carrier, type CarrierKind, type Origin, type UnknownReason } from '../domain/origin.js';
import type { RecordedPlace, RecordedRequest } from '../domain/recorded.js';
import { evaluateForProviders, ruleBoundaries, type CompiledPolicy } from '../policy/index.js';

const FLAGS: ReadonlySet<string> = new Set(ANONYMIZER_FLAGS);
const REASONS: ReadonlySet<string> = new Set(UNKNOWN_REASONS);
const KINDS: ReadonlySet<string> = new Set(CARRIER_KINDS);
const MAX_MEMO = 500_000;

/** The origin facts as recorded: what policy can tell apart (no address, city or coordinates). */
function recordedOrigin(f: RecordedPlace): Origin {
  return {
    ip: '',
    source: 'socket',
    country: f.country,
    subdivisions: f.subdivisions,
    city: null,
    latitude: null,
    longitude: null,
    asn: f.asn,
    org: null,
    anonymizer: f.anonymizer.filter((flag): flag is AnonymizerFlag => FLAGS.has(flag)),
    unknown: f.country !== null ? null : REASONS.has(f.unknown ?? '') ? (f.unknown as UnknownReason) : 'not_found',
  };
}

export function policyInputOf(r: RecordedRequest): PolicyInput {
  const carrier: Carrier | null = r.carrier === null ? null : { ...recordedOrigin(r.carrier), kind: KINDS.has(r.carrier.kind) ? (r.carrier.kind as CarrierKind) : 'teredo' }; // the form never changes a decision
  const origin: Origin = { ...recordedOrigin(r), carrier };
  const account: AccountFacts = { keyId: r.keyId, tenantId: '', tenantName: r.tenant, registeredCountry: r.registeredCountry };
  return { origin, account, at: r.at };
}

/** What one or more policies decide for a recorded request, in the order the policies were given. */
export interface Judge {
  /** Per policy: the first provider (in routing order) it allows, or null when it refuses. */
  servedBy(r: RecordedRequest): readonly (string | null)[];
  /** Per policy: the decision for every candidate provider. */
  decisions(r: RecordedRequest): readonly (readonly Decision[])[];
}

/** The values some policy's rules name, per fact: what their decisions can depend on. */
interface Named {
  readonly subdivisions: Set<string>;
  readonly asns: Set<number>;
  readonly flags: Set<string>;
  readonly tenants: Set<string>;
  readonly registered: Set<string>;
  /** A rule compares the registered country with the origin's: keep it whole. */
  differs: boolean;
}

function namedBy(policies: readonly CompiledPolicy[]): Named {
  const named: Named = { subdivisions: new Set(), asns: new Set(), flags: new Set(), tenants: new Set(), registered: new Set(), differs: false };
  for (const policy of policies) {
    const r = policy.resolved;
    for (const rule of [...r.law.rules, ...r.operator.rules, ...Object.values(r.terms).flatMap((l) => l.rules)]) {
      const m = rule.match;
      m.subdivision?.forEach((c) => [c, ...(r.subdivisionAliases[c] ?? [])].forEach((a) => named.subdivisions.add(a)));
      m.asn?.forEach((a) => named.asns.add(a));
      m.anonymizer?.forEach((f) => named.flags.add(f));
      m.tenant?.forEach((t) => named.tenants.add(t));
      rule.tenants?.names.forEach((t) => named.tenants.add(t));
      m.registeredCountry?.forEach((c) => named.registered.add(c));
      named.differs ||= m.registeredCountryDiffers === true;
    }
  }
  return named;
}

function kept(values: readonly string[], named: ReadonlySet<string>): string {
  let out = '';
  for (const v of values) if (named.has(v)) out += `${v},`;
  return out;
}

interface Judged {
  readonly decisions: readonly (readonly Decision[])[];
  readonly served: readonly (string | null)[];
}

function firstAllowed(decisions: readonly Decision[]): string | null {
  for (const d of decisions) if (d.effect === 'allow') return d.provider;
  return null;
}

/**
 * Judges requests by `policies` (a simulation passes the baseline and the candidate: one memo key and
 * one lookup give both). `memo: false` evaluates every request (benchmarks measure evaluation that way).
 */
export function createJudge(policies: readonly CompiledPolicy[], options: { readonly memo?: boolean } = {}): Judge {
  const memo = options.memo ?? true;
  const named = namedBy(policies);
  const boundaries = ruleBoundaries(policies, Number.NEGATIVE_INFINITY);
  const cache = new Map<string, Judged>();
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
    `${named.differs ? r.registeredCountry : r.registeredCountry !== null && named.registered.has(r.registeredCountry) ? r.registeredCountry : ''}|${r.providers.join(',')}` +
    // A carrier decides only when it has a country (evaluate.ts); its other facts then count like the client's.
    (r.carrier === null || r.carrier.country === null
      ? ''
      : `|${r.carrier.country}|${kept(r.carrier.subdivisions, named.subdivisions)}|${r.carrier.asn !== null && named.asns.has(r.carrier.asn) ? r.carrier.asn : ''}|${kept(r.carrier.anonymizer, named.flags)}`);
  const evaluate = (r: RecordedRequest): Judged => {
    const input = policyInputOf(r);
    const decisions = policies.map((p) => evaluateForProviders(p, input, r.providers));
    return { decisions, served: decisions.map(firstAllowed) };
  };
  const judge = (r: RecordedRequest): Judged => {
    if (!memo) return evaluate(r);
    const key = keyOf(r);
    let found = cache.get(key);
    if (found === undefined) {
      if (cache.size >= MAX_MEMO) cache.clear();
      found = evaluate(r);
      cache.set(key, found);
    }
    return found;
  };
  return { servedBy: (r) => judge(r).served, decisions: (r) => judge(r).decisions };
}

/** Refusals policy can change: a region refusal. Requests refused for the account's standing stay refused. */
export function isPolicyOutcome(r: RecordedRequest): boolean {
  return r.outcome === 'routed' || r.code === 'policy_region_denied';
}
