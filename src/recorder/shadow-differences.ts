/**
 * Shadow evaluation: the request's facts judged again by the shadow policy, for the same providers.
 * Only providers whose effect differs become rows; a request both policies treat alike leaves none.
 */
import type { Decision } from '../domain/decision.js';
import type { PolicyDecider } from '../gateway/ports.js';
import type { RequestFacts } from '../domain/request-facts.js';
import type { ShadowDifference } from '../store/evidence-port.js';

export function shadowDifferences(facts: RequestFacts, shadow: PolicyDecider): ShadowDifference[] {
  const providers = facts.decisions.map((d) => d.provider);
  const judged = shadow.decide({ origin: facts.origin, account: facts.account, at: facts.at }, providers);
  const out: ShadowDifference[] = [];
  facts.decisions.forEach((live: Decision, i) => {
    const other = judged[i];
    if (other === undefined || other.effect === live.effect) return;
    out.push({
      requestId: facts.requestId,
      at: facts.at,
      liveHash: facts.policyHash,
      shadowHash: shadow.policyHash,
      country: facts.origin.country,
      subdivisions: facts.origin.subdivisions,
      keyId: facts.account.keyId,
      tenant: facts.account.tenantName,
      model: facts.model,
      provider: live.provider,
      liveEffect: live.effect,
      liveRule: live.ruleId,
      shadowEffect: other.effect,
      shadowRule: other.ruleId,
    });
  });
  return out;
}
