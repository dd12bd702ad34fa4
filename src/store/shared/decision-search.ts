/**
 * The admin API's decision search over `decision_facts`, apart from its SQL: the row a search reads,
 * its domain form, and the equality filters a search asks for (each backend writes them in its own
 * placeholder syntax; an `unknown` country and the page cursor are added by the backend as well).
 */
import type { DecisionRow, DecisionSearch } from '../admin-query-port.js';
import { toOutcome, type DecisionFactsRow } from './decision-facts.js';
import { splitList } from './lists.js';

export type DecisionSearchRow = Omit<DecisionFactsRow, 'registered_country' | 'carrier'> & { readonly seq: number };

/** The `decision_facts` columns of a DecisionSearchRow. */
export const DECISION_SEARCH_COLUMNS = 'seq, request_id, at, country, subdivisions, asn, anonymizer, unknown, key_id, tenant, model, providers, outcome, code, provider';

/** `decision_facts` columns compared for equality, with the value asked for; only the filters given. */
export function equalityFilters(search: DecisionSearch): Array<readonly [column: string, value: string]> {
  const filters: ReadonlyArray<readonly [string, string | undefined]> = [
    ['key_id', search.keyId],
    ['tenant', search.tenant],
    ['country', search.country === 'unknown' ? undefined : search.country],
    ['outcome', search.outcome],
  ];
  return filters.filter((f): f is readonly [string, string] => f[1] !== undefined);
}

export function toDecisionRow(r: DecisionSearchRow): DecisionRow {
  return {
    seq: r.seq,
    requestId: r.request_id,
    at: r.at,
    country: r.country,
    subdivisions: splitList(r.subdivisions),
    asn: r.asn,
    anonymizer: splitList(r.anonymizer),
    unknown: r.unknown,
    keyId: r.key_id,
    tenant: r.tenant,
    model: r.model,
    providers: splitList(r.providers),
    outcome: toOutcome(r.outcome),
    code: r.code,
    provider: r.provider,
  };
}
