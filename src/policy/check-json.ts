/**
 * The wire form of a decision explanation: origin facts, then one decision per provider with its
 * trail. `cordon check --json` prints it and the admin API's `/admin/check` answers it, so the two
 * cannot drift apart.
 */
import type { Decision } from '../domain/decision.js';
import type { Origin } from '../domain/origin.js';

export function checkJson(origin: Origin, decisions: readonly Decision[], at: number, policyHash: string) {
  return {
    origin: {
      ip: origin.ip,
      country: origin.country,
      subdivision: origin.subdivisions[0] ?? null,
      subdivisions: origin.subdivisions,
      city: origin.city,
      asn: origin.asn,
      org: origin.org,
      anonymizer: origin.anonymizer,
      unknown: origin.unknown,
    },
    at: new Date(at).toISOString(),
    policy_hash: policyHash,
    decisions: decisions.map((d) => ({
      provider: d.provider,
      effect: d.effect,
      layer: d.layer,
      rule_id: d.ruleId,
      matched: d.matched,
      trail: d.trail.map((t) => ({ layer: t.layer, effect: t.effect, rule_id: t.ruleId, matched: t.matched })),
    })),
  };
}

export type CheckJson = ReturnType<typeof checkJson>;
