/**
 * Evaluating a compiled policy: pure, no I/O, no clock (time is `input.at`). The same inputs always
 * give the same decision.
 */
import type { Decision, LayerResult, PolicyInput } from '../domain/decision.js';
import { matchRule, inScope, type CompiledRule } from './compiled-rule.js';
import { noListLayer, type CompiledLayer, type CompiledPolicy, type ProviderPlan } from './compile.js';

/**
 * One layer: the first rule that is in scope for the tenant, in effect at `input.at` and matches,
 * decides. A rule key whose fact is unknown does not match (a country rule never matches an origin
 * without a country), but keys that do not need a location still can: an ASN rule still catches a
 * Crimean network when the city database has no answer, and `unknown_origin: true` rules are reached.
 * With no match, an unknown origin gets the layer's unknown-origin setting (`geo_unavailable` when no
 * database is loaded), and a known one the layer's default.
 */
function evaluateLayer(layer: CompiledLayer, input: PolicyInput): LayerResult {
  const at = input.at;
  const tenant = input.account === null ? null : input.account.tenantName;
  const rules = layer.rules;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r] as CompiledRule;
    if (at < rule.from || at >= rule.until) continue;
    if (rule.tenants !== null && !inScope(rule.tenants, tenant)) continue;
    const hit = matchRule(rule, input);
    if (hit !== null) return hit;
  }
  const origin = input.origin;
  if (origin.country === null) return layer.onUnknown.get(origin.unknown ?? 'not_found') ?? layer.onDefault;
  return layer.onDefault;
}

/**
 * Precedence — the whole combining rule. Layers run highest first: law (sanctions, export controls),
 * then provider terms, then the operator's own rules.
 *
 * - A deny from any layer is final: later layers are not evaluated, and the decision names the layer
 *   and rule that denied. Nothing below can re-open what law or terms closed.
 * - An allow from a layer only passes the request down. When all three allow, the decision is an allow
 *   named after the operator layer (the last evaluated), and `trail` shows what each layer said.
 * - Within a layer, the first matching rule wins (see `evaluateLayer`); order in the file is priority.
 */
function decide(plan: ProviderPlan, input: PolicyInput, policyHash: string): Decision {
  const law = evaluateLayer(plan.law, input);
  if (law.effect === 'deny') return decision(plan.provider, law, [law], policyHash);
  const terms = evaluateLayer(plan.terms, input);
  if (terms.effect === 'deny') return decision(plan.provider, terms, [law, terms], policyHash);
  const operator = evaluateLayer(plan.operator, input);
  return decision(plan.provider, operator, [law, terms, operator], policyHash);
}

function decision(provider: string, decisive: LayerResult, trail: readonly LayerResult[], policyHash: string): Decision {
  return { provider, effect: decisive.effect, layer: decisive.layer, ruleId: decisive.ruleId, matched: decisive.matched, policyHash, trail };
}

/**
 * The stricter of two addresses — the whole combining rule for a client whose IPv6 address carries its
 * IPv4 address (Teredo, 6to4, NAT64…; ADR 0011). The origin's own facts are the carried IPv4 address's;
 * `carrier` is the IPv6 address's own origin, or null when it has no country (it then decides nothing:
 * its unknown-origin settings would refuse every tunnelled client an allow-list cannot place).
 *
 * - The client address is judged first; a deny is final (when both deny, the client address's decision
 *   is kept: it names the address the request is about).
 * - When the client address allows, the carrier is judged; its deny wins, marked `decidedOn: 'carrier'`.
 * - When both allow, the client address's allow stands.
 */
function judge(plan: ProviderPlan, input: PolicyInput, carrier: PolicyInput | null, policyHash: string): Decision {
  const own = decide(plan, input, policyHash);
  if (carrier === null || own.effect === 'deny') return own;
  const other = decide(plan, carrier, policyHash);
  return other.effect === 'deny' ? { ...other, decidedOn: 'carrier' } : own;
}

/** The input judged on the carrier's facts, or null when there is no carrier with a country. */
function carrierInput(input: PolicyInput): PolicyInput | null {
  const carrier = input.origin.carrier;
  if (carrier === undefined || carrier === null || carrier.country === null) return null;
  return { origin: carrier, account: input.account, at: input.at };
}

function planFor(policy: CompiledPolicy, provider: string): ProviderPlan {
  const plan = policy.plans.get(provider);
  if (plan !== undefined) return plan;
  // A provider the policy never names: no terms list, and only rules not limited to other providers.
  return { provider, termsList: null, law: policy.unnamed.law, terms: noListLayer(provider), operator: policy.unnamed.operator };
}

/** May `provider` serve this request? */
export function evaluatePolicy(policy: CompiledPolicy, input: PolicyInput, provider: string): Decision {
  return judge(planFor(policy, provider), input, carrierInput(input), policy.hash);
}

/** One decision per provider, in the order given. */
export function evaluateForProviders(policy: CompiledPolicy, input: PolicyInput, providers: readonly string[]): Decision[] {
  const out = new Array<Decision>(providers.length);
  const carrier = carrierInput(input);
  for (let p = 0; p < providers.length; p++) out[p] = judge(planFor(policy, providers[p] as string), input, carrier, policy.hash);
  return out;
}
