/**
 * The `decision` record: what was decided for one request, allowed or refused. Written (durably)
 * before the request reaches any upstream. `decisionData` writes the wire form (snake_case JSON, the
 * form that is hashed and exported); `readDecisionFacts` reads back the compact facts the store keeps
 * beside the log for queries and simulation.
 */
import type { RecordedDecision } from '../domain/recorded.js';
import type { JsonObject } from './canonical.js';
import { reader } from './json-read.js';

export interface ProviderDecisionFacts {
  readonly provider: string;
  readonly effect: 'allow' | 'deny';
  readonly layer: string;
  readonly rule: string;
  readonly matched: string | null;
}

export interface DecisionOriginFacts {
  /** Truncated to a network unless configured otherwise (ip-truncation.ts); null when unparsable. */
  readonly ip: string | null;
  readonly source: string;
  readonly country: string | null;
  readonly subdivisions: readonly string[];
  readonly asn: number | null;
  readonly anonymizer: readonly string[];
  readonly unknown: string | null;
}

export type DecisionOutcome = 'routed' | 'refused';

export interface DecisionRecordInput {
  readonly requestId: string;
  readonly endpoint: string;
  /** The model name the caller asked for (the route). */
  readonly model: string;
  readonly stream: boolean;
  readonly origin: DecisionOriginFacts;
  readonly keyId: string;
  readonly tenantId: string;
  readonly tenant: string;
  readonly registeredCountry: string | null;
  readonly policyHash: string;
  readonly outcome: DecisionOutcome;
  /** The refusal's error code; null when routed. */
  readonly code: string | null;
  /** The first candidate deployment (fallbacks are named in the usage record); null when refused. */
  readonly provider: string | null;
  readonly upstreamModel: string | null;
  /** One per candidate provider of the route, in routing order. */
  readonly decisions: readonly ProviderDecisionFacts[];
  /** `valid`, `invalid:<reason>`, or null when no attestation was presented. */
  readonly attestation: string | null;
}

export function decisionData(d: DecisionRecordInput): JsonObject {
  // Keys in sorted order, so the canonical encoding is JSON.stringify's (canonical.ts).
  return {
    attestation: d.attestation,
    code: d.code,
    decisions: d.decisions.map((x) => ({ effect: x.effect, layer: x.layer, matched: x.matched, provider: x.provider, rule: x.rule })),
    endpoint: d.endpoint,
    key_id: d.keyId,
    model: d.model,
    origin: {
      anonymizer: [...d.origin.anonymizer],
      asn: d.origin.asn,
      country: d.origin.country,
      ip: d.origin.ip,
      source: d.origin.source,
      subdivisions: [...d.origin.subdivisions],
      unknown: d.origin.unknown,
    },
    outcome: d.outcome,
    policy_hash: d.policyHash,
    provider: d.provider,
    registered_country: d.registeredCountry,
    request_id: d.requestId,
    stream: d.stream,
    tenant: d.tenant,
    tenant_id: d.tenantId,
    upstream_model: d.upstreamModel,
  };
}

/** The compact facts of a decision record's data; throws on a record that is not one. */
export function readDecisionFacts(requestAt: number, data: JsonObject): RecordedDecision {
  const { obj, arr, str, strOrNull, numOrNull } = reader('decision record');
  const origin = obj(data.origin, 'origin');
  const decisions = arr(data.decisions, 'decisions');
  return {
    requestId: str(data.request_id, 'request_id'),
    at: requestAt,
    country: strOrNull(origin.country, 'origin.country'),
    subdivisions: arr(origin.subdivisions, 'origin.subdivisions').map((s) => str(s, 'origin.subdivisions[]')),
    asn: numOrNull(origin.asn, 'origin.asn'),
    anonymizer: arr(origin.anonymizer, 'origin.anonymizer').map((s) => str(s, 'origin.anonymizer[]')),
    unknown: strOrNull(origin.unknown, 'origin.unknown'),
    keyId: str(data.key_id, 'key_id'),
    tenant: str(data.tenant, 'tenant'),
    registeredCountry: strOrNull(data.registered_country, 'registered_country'),
    model: str(data.model, 'model'),
    providers: decisions.map((d) => str(obj(d, 'decisions[]').provider, 'decisions[].provider')),
    outcome: data.outcome === 'refused' ? 'refused' : 'routed',
    code: strOrNull(data.code, 'code'),
    provider: strOrNull(data.provider, 'provider'),
  };
}
