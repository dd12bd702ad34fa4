/**
 * The places a semantic policy comparison looks at: every ISO 3166-1 country, every subdivision a
 * policy or the alias table names (with its aliases), every AS number a rule names (an address of that
 * network the location databases cannot place), and the three kinds of unknown origin. Each probe is a
 * plain origin; together they cover every distinction the rules can draw by location.
 */
import type { AccountFacts } from '../domain/account.js';
import { UNKNOWN_GEO, UNKNOWN_REASONS, type Origin, type UnknownReason } from '../domain/origin.js';
import type { CompiledPolicy } from './compile.js';
import type { CountryCodes } from './model.js';
import type { ResolvedRule } from './resolve.js';

export type ProbeKind = 'country' | 'subdivision' | 'asn' | 'unknown';

export interface Probe {
  readonly kind: ProbeKind;
  /** `CU`, `UA-43`, `AS28761`, `unknown:private`; with ` (tenant acme)` for an account probe. */
  readonly label: string;
  readonly origin: Origin;
  readonly account: AccountFacts | null;
}

function origin(country: string | null, extra: Partial<Origin> = {}): Origin {
  return { ...UNKNOWN_GEO, ip: '', source: 'socket', country, unknown: country === null ? 'not_found' : null, ...extra };
}

function rulesOf(policy: CompiledPolicy, layers: 'all' | 'law'): ResolvedRule[] {
  const r = policy.resolved;
  return layers === 'law' ? [...r.law.rules] : [...r.law.rules, ...r.operator.rules, ...Object.values(r.terms).flatMap((l) => l.rules)];
}

export interface ProbeOptions {
  readonly countries: CountryCodes;
  /** Which rules' subdivisions, AS numbers and tenants to probe: every layer's, or the law layer's. */
  readonly layers?: 'all' | 'law';
}

export function placeProbes(policies: readonly CompiledPolicy[], options: ProbeOptions): Probe[] {
  const rules = policies.flatMap((p) => rulesOf(p, options.layers ?? 'all'));
  const probes: Probe[] = [...options.countries.names.keys()].sort().map((cc) => ({ kind: 'country', label: cc, origin: origin(cc), account: null }));

  const subdivisions = new Set<string>();
  for (const p of policies) for (const [code, aliases] of Object.entries(p.resolved.subdivisionAliases)) [code, ...aliases].forEach((c) => subdivisions.add(c));
  for (const r of rules) r.match.subdivision?.forEach((c) => subdivisions.add(c));
  for (const code of [...subdivisions].sort()) {
    probes.push({ kind: 'subdivision', label: code, origin: origin(code.slice(0, 2), { subdivisions: [code] }), account: null });
  }

  const asns = new Set(rules.flatMap((r) => r.match.asn ?? []));
  for (const asn of [...asns].sort((a, b) => a - b)) probes.push({ kind: 'asn', label: `AS${asn}`, origin: origin(null, { asn }), account: null });
  for (const reason of UNKNOWN_REASONS) probes.push({ kind: 'unknown', label: `unknown:${reason}`, origin: origin(null, { unknown: reason as UnknownReason }), account: null });

  return [...probes, ...accountProbes(probes, rules)];
}

/** Rules that name tenants or registered countries: the same places again, as those accounts. */
function accountProbes(places: readonly Probe[], rules: readonly ResolvedRule[]): Probe[] {
  const tenants = new Set<string>();
  const registered = new Set<string>();
  for (const r of rules) {
    r.tenants?.names.forEach((t) => tenants.add(t));
    r.match.tenant?.forEach((t) => tenants.add(t));
    r.match.registeredCountry?.forEach((c) => registered.add(c));
  }
  const accounts: { label: string; account: AccountFacts }[] = [
    ...[...tenants].sort().map((t) => ({ label: `tenant ${t}`, account: { keyId: '', tenantId: '', tenantName: t, registeredCountry: null } })),
    ...[...registered].sort().map((c) => ({ label: `registered in ${c}`, account: { keyId: '', tenantId: '', tenantName: '', registeredCountry: c } })),
  ];
  return accounts.flatMap((a) => places.map((p) => ({ ...p, label: `${p.label} (${a.label})`, account: a.account })));
}

/** Instants at which a rule of these policies starts or ends, after `from`: where decisions can change. */
export function ruleBoundaries(policies: readonly CompiledPolicy[], from: number, layers: 'all' | 'law' = 'all'): number[] {
  const times = new Set<number>();
  for (const r of policies.flatMap((p) => rulesOf(p, layers))) {
    for (const t of [r.effectiveFrom, r.effectiveUntil]) if (t !== null && t > from) times.add(t);
  }
  return [...times].sort((a, b) => a - b);
}
