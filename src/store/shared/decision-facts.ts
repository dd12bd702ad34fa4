/**
 * A `decision_facts` row (the projection of a decision record that simulation replays and the admin
 * API searches) and its domain form. Both backends keep the same columns; lists are comma-joined
 * text (lists.ts). `seq` is left out: SQLite writes it with the row, PostgreSQL gets it from
 * `cordon_audit_append`.
 */
import type { RecordedCarrier, RecordedDecision, RecordedOutcome } from '../../domain/recorded.js';
import { joinList, splitList } from './lists.js';

export interface DecisionFactsRow {
  readonly request_id: string;
  readonly at: number;
  readonly country: string | null;
  readonly subdivisions: string;
  readonly asn: number | null;
  readonly anonymizer: string;
  readonly unknown: string | null;
  /** The carrier address's facts as JSON (`carrierText`); null for most rows (migration 0006). */
  readonly carrier: string | null;
  readonly key_id: string;
  readonly tenant: string;
  readonly registered_country: string | null;
  readonly model: string;
  readonly providers: string;
  readonly outcome: string;
  readonly code: string | null;
  readonly provider: string | null;
}

export function decisionFactsRow(f: RecordedDecision): DecisionFactsRow {
  return {
    request_id: f.requestId,
    at: f.at,
    country: f.country,
    subdivisions: joinList(f.subdivisions),
    asn: f.asn,
    anonymizer: joinList(f.anonymizer),
    unknown: f.unknown,
    carrier: carrierText(f.carrier),
    key_id: f.keyId,
    tenant: f.tenant,
    registered_country: f.registeredCountry,
    model: f.model,
    providers: joinList(f.providers),
    outcome: f.outcome,
    code: f.code,
    provider: f.provider,
  };
}

export function toRecordedDecision(r: DecisionFactsRow): RecordedDecision {
  return {
    requestId: r.request_id,
    at: r.at,
    country: r.country,
    subdivisions: splitList(r.subdivisions),
    asn: r.asn,
    anonymizer: splitList(r.anonymizer),
    unknown: r.unknown,
    carrier: carrierFromText(r.carrier),
    keyId: r.key_id,
    tenant: r.tenant,
    registeredCountry: r.registered_country,
    model: r.model,
    providers: splitList(r.providers),
    outcome: toOutcome(r.outcome),
    code: r.code,
    provider: r.provider,
  };
}

/** A carrier's facts as the column keeps them: JSON with its keys in a fixed order. */
export function carrierText(c: RecordedCarrier | null): string | null {
  if (c === null) return null;
  return JSON.stringify({ kind: c.kind, country: c.country, subdivisions: c.subdivisions, asn: c.asn, anonymizer: c.anonymizer, unknown: c.unknown });
}

/** The column read back; text that is not a carrier (never written by Cordon) reads as none. */
export function carrierFromText(text: string | null): RecordedCarrier | null {
  if (text === null || text === '') return null;
  try {
    const v = JSON.parse(text) as Partial<Record<keyof RecordedCarrier, unknown>>;
    const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
    const stringOrNull = (x: unknown): string | null => (typeof x === 'string' ? x : null);
    return {
      kind: typeof v.kind === 'string' ? v.kind : '',
      country: stringOrNull(v.country),
      subdivisions: strings(v.subdivisions),
      asn: typeof v.asn === 'number' ? v.asn : null,
      anonymizer: strings(v.anonymizer),
      unknown: stringOrNull(v.unknown),
    };
  } catch {
    return null;
  }
}

/** Anything but `refused` reads back as `routed` (the column is written from a closed vocabulary). */
export function toOutcome(text: string): RecordedOutcome {
  return text === 'refused' ? 'refused' : 'routed';
}
