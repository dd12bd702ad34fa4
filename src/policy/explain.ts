/**
 * Decisions in words, for `cordon check` and operators. With the compiled policy at hand, the rule's
 * reason (free text from the policy or preset) is added.
 */
import type { Decision, LayerResult } from '../domain/decision.js';
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
 * line per layer evaluated, then the policy hash.
 *
 *     openai: deny by law rule law.us_sanctions.cu (country=CU) — Cuban Assets Control Regulations (31 CFR 515)
 *       law       deny   law.us_sanctions.cu (country=CU)
 *     policy 3fa2c1d09b7e4a55
 */
export function explainDecision(decision: Decision, policy?: CompiledPolicy): string {
  const head =
    decision.effect === 'deny'
      ? `${decision.provider}: deny by ${decision.layer} rule ${ruleText(decision)}${reasonOf(decision.ruleId, policy)}`
      : `${decision.provider}: allow (no layer denied)`;
  const lines = decision.trail.map((r) => `  ${r.layer.padEnd(9)} ${r.effect.padEnd(6)} ${ruleText(r)}`);
  return [head, ...lines, `policy ${shortHash(decision.policyHash)}`].join('\n');
}
