/**
 * From what the gateway knows about a request to audit entries: the `decision` record (before any
 * upstream sees the request) and the `usage` record (when the answer ended). Client addresses are
 * truncated here, before anything is written.
 */
import { decisionData, truncateCarrierIp, truncateIp, usageData, type AuditEntry, type DecisionCarrierFacts, type IpTruncation } from '../audit/index.js';
import type { Carrier } from '../domain/origin.js';
import type { Deployment } from '../domain/route.js';
import type { UsageEstimate } from '../domain/usage.js';
import type { RequestOutcome } from '../gateway/ports.js';
import type { RequestFacts } from '../domain/request-facts.js';
import type { MeterResult } from '../metering/index.js';
import { costNanoUsd } from '../metering/index.js';

export function decisionEntry(facts: RequestFacts, outcome: RequestOutcome, truncation: IpTruncation, dataVersion?: string): AuditEntry {
  const o = facts.origin;
  // An authorized request is routed by the operator's proxy: its provider, and no upstream model Cordon sent.
  const routed = outcome.kind === 'routed' ? outcome.deployment : outcome.kind === 'authorized' ? { provider: outcome.provider, model: null } : null;
  return {
    kind: 'decision',
    at: facts.at,
    ref: facts.requestId,
    data: decisionData({
      requestId: facts.requestId,
      endpoint: facts.endpoint,
      model: facts.model,
      stream: facts.stream,
      origin: {
        ip: truncateIp(o.ip, truncation),
        source: o.source,
        country: o.country,
        subdivisions: o.subdivisions,
        asn: o.asn,
        anonymizer: o.anonymizer,
        unknown: o.unknown,
        carrier: o.carrier == null ? null : carrierFacts(o.carrier, truncation),
      },
      keyId: facts.account.keyId,
      tenantId: facts.account.tenantId,
      tenant: facts.account.tenantName,
      registeredCountry: facts.account.registeredCountry,
      policyHash: facts.policyHash,
      outcome: routed === null ? 'refused' : 'routed',
      code: outcome.kind === 'refused' ? outcome.code : null,
      provider: routed?.provider ?? null,
      upstreamModel: routed?.model ?? null,
      decisions: facts.decisions.map((d) =>
        d.decidedOn === undefined
          ? { provider: d.provider, effect: d.effect, layer: d.layer, rule: d.ruleId, matched: d.matched }
          : { provider: d.provider, effect: d.effect, layer: d.layer, rule: d.ruleId, matched: d.matched, decidedOn: d.decidedOn },
      ),
      attestation: facts.attestation === null ? null : facts.attestation.status === 'valid' ? 'valid' : `invalid:${facts.attestation.reason}`,
      // Sent only when routed: a refused request reaches no provider.
      ...(routed === null || facts.safetyIdentifier === undefined ? {} : { safetyIdentifier: facts.safetyIdentifier }),
      dataVersion,
    }),
  };
}

function carrierFacts(c: Carrier, truncation: IpTruncation): DecisionCarrierFacts {
  return { kind: c.kind, ip: truncateCarrierIp(c.ip, c.kind, truncation), country: c.country, subdivisions: c.subdivisions, asn: c.asn, anonymizer: c.anonymizer, unknown: c.unknown };
}

/** `estimate`, when set, says how `usage` was counted (the upstream reported none). */
export function usageEntry(facts: RequestFacts, deployment: Deployment, status: number, result: Pick<MeterResult, 'usage' | 'complete'>, at: number, estimate: UsageEstimate | null = null): AuditEntry {
  const usage = result.usage;
  return {
    kind: 'usage',
    at,
    ref: facts.requestId,
    data: usageData({
      requestId: facts.requestId,
      keyId: facts.account.keyId,
      tenantId: facts.account.tenantId,
      tenant: facts.account.tenantName,
      country: facts.origin.country,
      model: facts.model,
      provider: deployment.provider,
      upstreamModel: deployment.model,
      status,
      complete: result.complete,
      usage,
      costNanoUsd: usage === null || deployment.price === null ? null : costNanoUsd(usage, deployment.price),
      estimate,
    }),
  };
}
