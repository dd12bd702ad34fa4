/**
 * The `decision` record: what was decided for one request, allowed or refused. Written (durably)
 * before the request reaches any upstream. `decisionData` writes the wire form (snake_case JSON, the
 * form that is hashed and exported); `readDecisionFacts` reads back the compact facts the store keeps
 * beside the log for queries and simulation.
 */
import type { RecordedCarrier, RecordedDecision } from '../domain/recorded.js';
import type { JsonObject, JsonValue } from './canonical.js';
import { reader, type JsonReader } from './json-read.js';

export interface ProviderDecisionFacts {
  readonly provider: string;
  readonly effect: 'allow' | 'deny';
  readonly layer: string;
  readonly rule: string;
  readonly matched: string | null;
  /** `carrier` when the carrier address's facts decided (`Decision.decidedOn`); absent otherwise. */
  readonly decidedOn?: 'carrier';
}

/**
 * The IPv6 address that carried the client's IPv4 address (Teredo, 6to4, NAT64…) and its own facts:
 * what replay needs to judge the stricter of the two addresses again.
 */
export interface DecisionCarrierFacts extends RecordedCarrier {
  /** Truncated so that it shows no more of the carried IPv4 address than `ip` does (ip-truncation.ts); null when unparsable. */
  readonly ip: string | null;
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
  /** Set when the client address was an IPv6 address that carries `ip`; the record then holds `origin.carrier`. */
  readonly carrier?: DecisionCarrierFacts | null;
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
  /** The end user's identifier sent upstream and where it came from; absent when none was sent. */
  readonly safetyIdentifier?: { readonly value: string; readonly source: string };
  /**
   * The id of the data the origin was looked up in (`dv_…`: geo databases, lists, presets; docs/data.md),
   * written as `versions.data`; absent when unknown, and then the record has the shape (and bytes) it had
   * before data versions.
   */
  readonly dataVersion?: string;
}

export function decisionData(d: DecisionRecordInput): JsonObject {
  // Keys in sorted order, so the canonical encoding is JSON.stringify's (canonical.ts); `versions` sorts
  // last, so adding it keeps the order.
  const data: Record<string, JsonValue> = {
    attestation: d.attestation,
    code: d.code,
    decisions: d.decisions.map(providerDecisionData),
    endpoint: d.endpoint,
    key_id: d.keyId,
    model: d.model,
    origin: originData(d.origin),
    outcome: d.outcome,
    policy_hash: d.policyHash,
    provider: d.provider,
    registered_country: d.registeredCountry,
    request_id: d.requestId,
    // Only when one was sent: every other record keeps the shape (and bytes) it always had.
    ...(d.safetyIdentifier === undefined ? {} : { safety_identifier: { source: d.safetyIdentifier.source, value: d.safetyIdentifier.value } }),
    stream: d.stream,
    tenant: d.tenant,
    tenant_id: d.tenantId,
    upstream_model: d.upstreamModel,
  };
  if (d.dataVersion !== undefined) data.versions = { data: d.dataVersion };
  return data;
}

/**
 * `decided_on` only for a decision the carrier gave, and `origin.carrier` only for an address that
 * carries another: every other record keeps the shape (and bytes) it always had. Plain literals, no
 * spreads: a record is built for every request.
 */
function providerDecisionData(x: ProviderDecisionFacts): JsonObject {
  if (x.decidedOn === undefined) return { effect: x.effect, layer: x.layer, matched: x.matched, provider: x.provider, rule: x.rule };
  return { decided_on: x.decidedOn, effect: x.effect, layer: x.layer, matched: x.matched, provider: x.provider, rule: x.rule };
}

function originData(o: DecisionOriginFacts): JsonObject {
  const anonymizer = [...o.anonymizer];
  const subdivisions = [...o.subdivisions];
  if (o.carrier === undefined || o.carrier === null) {
    return { anonymizer, asn: o.asn, country: o.country, ip: o.ip, source: o.source, subdivisions, unknown: o.unknown };
  }
  return { anonymizer, asn: o.asn, carrier: carrierData(o.carrier), country: o.country, ip: o.ip, source: o.source, subdivisions, unknown: o.unknown };
}

function carrierData(c: DecisionCarrierFacts): JsonObject {
  return {
    anonymizer: [...c.anonymizer],
    asn: c.asn,
    country: c.country,
    ip: c.ip,
    kind: c.kind,
    subdivisions: [...c.subdivisions],
    unknown: c.unknown,
  };
}

function readCarrier(r: JsonReader, value: JsonValue | undefined): RecordedCarrier | null {
  if (value === undefined || value === null) return null; // records written before carriers, and every other address
  const c = r.obj(value, 'origin.carrier');
  return {
    kind: r.str(c.kind, 'origin.carrier.kind'),
    country: r.strOrNull(c.country, 'origin.carrier.country'),
    subdivisions: r.arr(c.subdivisions, 'origin.carrier.subdivisions').map((s) => r.str(s, 'origin.carrier.subdivisions[]')),
    asn: r.numOrNull(c.asn, 'origin.carrier.asn'),
    anonymizer: r.arr(c.anonymizer, 'origin.carrier.anonymizer').map((s) => r.str(s, 'origin.carrier.anonymizer[]')),
    unknown: r.strOrNull(c.unknown, 'origin.carrier.unknown'),
  };
}

/** The compact facts of a decision record's data; throws on a record that is not one. */
export function readDecisionFacts(requestAt: number, data: JsonObject): RecordedDecision {
  const r = reader('decision record');
  const { obj, arr, str, strOrNull, numOrNull } = r;
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
    carrier: readCarrier(r, origin.carrier),
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
