/**
 * The wire form of a decision explanation: origin facts, then one decision per provider with its
 * trail. `cordon check --json` prints it and the admin API's `/admin/check` answers it, so the two
 * cannot drift apart.
 */
import type { Decision } from '../domain/decision.js';
import type { Origin } from '../domain/origin.js';

function placeJson(o: Origin) {
  return {
    ip: o.ip,
    country: o.country,
    subdivision: o.subdivisions[0] ?? null,
    subdivisions: o.subdivisions,
    city: o.city,
    asn: o.asn,
    org: o.org,
    anonymizer: o.anonymizer,
    unknown: o.unknown,
  };
}

export function checkJson(origin: Origin, decisions: readonly Decision[], at: number, policyHash: string) {
  const carrier = origin.carrier ?? null;
  return {
    origin: {
      ...placeJson(origin),
      /** The IPv6 address that carried `ip` (Teredo, 6to4, NAT64…) and its own facts; null for other addresses. */
      carrier: carrier === null ? null : { kind: carrier.kind, ...placeJson(carrier) },
    },
    at: new Date(at).toISOString(),
    policy_hash: policyHash,
    decisions: decisions.map((d) => ({
      provider: d.provider,
      effect: d.effect,
      layer: d.layer,
      rule_id: d.ruleId,
      matched: d.matched,
      /** Whose facts decided: the client address, or the carrier's (stricter). */
      decided_on: d.decidedOn ?? ('client' as const),
      trail: d.trail.map((t) => ({ layer: t.layer, effect: t.effect, rule_id: t.ruleId, matched: t.matched })),
    })),
  };
}

export type CheckJson = ReturnType<typeof checkJson>;
