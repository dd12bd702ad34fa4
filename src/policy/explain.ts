/**
 * Decisions and origins in words, for `cordon check` and operators. With the compiled policy at hand,
 * the rule's reason (free text from the policy or preset) is added.
 */
import type { Decision, LayerResult } from '../domain/decision.js';
import type { Origin } from '../domain/origin.js';
import type { CompiledPolicy } from './compile.js';
import { shortHash } from './hash.js';

function ruleText(r: LayerResult): string {
  return r.matched === null ? r.ruleId : `${r.ruleId} (${r.matched})`;
}

function reasonOf(ruleId: string, policy: CompiledPolicy | undefined): string {
  const reason = policy?.rules.get(ruleId)?.reason ?? null;
  return reason === null ? '' : ` — ${reason}`;
}

/**
 * A short text: the verdict and who gave it (with the rule's reason when `policy` is given), then one
 * line per layer evaluated, then the policy hash. A deny the carrier address's facts gave says so.
 *
 *     openai: deny by law rule law.us_sanctions.cu (country=CU) — Cuban Assets Control Regulations (31 CFR 515)
 *       law       deny   law.us_sanctions.cu (country=CU)
 *     policy 3fa2c1d09b7e4a55
 */
export function explainDecision(decision: Decision, policy?: CompiledPolicy): string {
  const on = decision.decidedOn === 'carrier' ? ' on the carrier address' : '';
  const head =
    decision.effect === 'deny'
      ? `${decision.provider}: deny by ${decision.layer} rule ${ruleText(decision)}${on}${reasonOf(decision.ruleId, policy)}`
      : `${decision.provider}: allow (no layer denied)`;
  const lines = decision.trail.map((r) => `  ${r.layer.padEnd(9)} ${r.effect.padEnd(6)} ${ruleText(r)}`);
  return [head, ...lines, `policy ${shortHash(decision.policyHash)}`].join('\n');
}

const CARRIER_NAMES: Readonly<Record<NonNullable<Origin['carrier']>['kind'], string>> = {
  teredo: 'Teredo',
  '6to4': '6to4',
  nat64: 'NAT64',
  ipv4_compatible: 'IPv4-compatible',
  ipv4_translated: 'IPv4-translated',
};

function placeText(o: Origin): string {
  const place = o.country === null ? `unknown location (${o.unknown})` : [o.country, ...o.subdivisions, o.city].filter((x) => x).join(' / ');
  const network = o.asn === null ? 'no ASN data' : `AS${o.asn}${o.org ? ` ${o.org}` : ''}`;
  const anon = o.anonymizer.length > 0 ? `; anonymizer: ${o.anonymizer.join(', ')}` : '';
  return `${place}; ${network}${anon}`;
}

/**
 * The origin in one line, and a second for the IPv6 address that carried it (both decide):
 *
 *     5.160.0.1: IR; AS42337 Respina Networks & Beyond PJSC
 *       carried by Teredo address 2001:0:4136:e378:8000:63bf:fa5f:fffe: unknown location (not_found); no ASN data
 */
export function describeOrigin(o: Origin): string {
  const line = `${o.ip}: ${placeText(o)}`;
  const c = o.carrier;
  if (c === undefined || c === null) return line;
  const decides = c.country === null ? ' (no country: only the client address decides)' : '';
  return `${line}\n  carried by ${CARRIER_NAMES[c.kind]} address ${c.ip}: ${placeText(c)}${decides}`;
}
