/**
 * The admin API's decision search over `decision_facts`, apart from its SQL: the row a search reads,
 * its domain form, and the equality filters a search asks for (each backend writes them in its own
 * placeholder syntax; an `unknown` country and the page cursor are added by the backend as well).
 */
import type { DecisionRow, DecisionSearch } from '../admin-query-port.js';
import { toRecordedDecision, type DecisionFactsRow } from './decision-facts.js';

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

/** The decision as recorded, less the columns a search does not read. */
export function toDecisionRow(r: DecisionSearchRow): DecisionRow {
  const { carrier: _carrier, registeredCountry: _registeredCountry, ...decision } = toRecordedDecision({ ...r, registered_country: null, carrier: null });
  return { seq: r.seq, ...decision };
}
