/**
 * Read-only queries the admin API and dashboard ask of the decision projection (`decision_facts`,
 * kept by the evidence store beside the audit log): search, and counts per country, subdivision and
 * hour. Allowed means routed to a provider; refused means answered with an error by the gateway.
 */
import type { TimeRange } from './evidence-port.js';

export const DECISION_OUTCOMES = ['routed', 'refused'] as const;
export type DecisionOutcomeFilter = (typeof DECISION_OUTCOMES)[number];

export interface DecisionSearch {
  readonly range: TimeRange;
  readonly keyId?: string;
  /** Tenant name, as recorded. */
  readonly tenant?: string;
  /** ISO 3166-1 alpha-2; `unknown` for requests of unknown origin. */
  readonly country?: string;
  readonly outcome?: DecisionOutcomeFilter;
  /** Only decisions recorded before this sequence number (the next page's cursor). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

export interface DecisionRow {
  readonly seq: number;
  readonly requestId: string;
  readonly at: number;
  readonly country: string | null;
  readonly subdivisions: readonly string[];
  readonly asn: number | null;
  readonly anonymizer: readonly string[];
  readonly unknown: string | null;
  readonly keyId: string;
  readonly tenant: string;
  readonly model: string;
  readonly providers: readonly string[];
  readonly outcome: DecisionOutcomeFilter;
  readonly code: string | null;
  readonly provider: string | null;
}

export interface OutcomeCounts {
  readonly allowed: number;
  readonly refused: number;
}

export interface CountryCounts extends OutcomeCounts {
  /** Null for requests of unknown origin. */
  readonly country: string | null;
}

export interface SubdivisionCounts extends OutcomeCounts {
  readonly country: string;
  /** The first (largest) subdivision the geo data gave, ISO 3166-2. */
  readonly subdivision: string;
}

export interface HourCounts extends OutcomeCounts {
  /** Start of the hour, epoch ms. */
  readonly hour: number;
}

export interface AdminQueries {
  /** Newest first. */
  searchDecisions(search: DecisionSearch): Promise<DecisionRow[]>;
  countByCountry(range: TimeRange): Promise<{ readonly countries: CountryCounts[]; readonly subdivisions: SubdivisionCounts[] }>;
  /** Only hours that had requests, oldest first. */
  countByHour(range: TimeRange): Promise<HourCounts[]>;
}
