/**
 * Counts per country and per first subdivision, summed from `decision_facts` grouped by country and
 * subdivision list (the SQL differs per backend; the summing does not). Keys keep the order in which
 * the rows first name them.
 */
import type { CountryCounts, OutcomeCounts, SubdivisionCounts } from '../admin-query-port.js';
import { splitList } from './lists.js';

export interface CountRow extends OutcomeCounts {
  readonly country: string | null;
  /** The comma-joined subdivisions of the group (lists.ts). */
  readonly subdivisions: string;
}

export function countByCountry(rows: Iterable<CountRow>): { countries: CountryCounts[]; subdivisions: SubdivisionCounts[] } {
  const countries = new Map<string | null, OutcomeCounts>();
  const subdivisions = new Map<string, { country: string; allowed: number; refused: number }>();
  for (const row of rows) {
    add(countries, row.country, row);
    const first = splitList(row.subdivisions)[0];
    if (row.country !== null && first !== undefined) {
      const s = subdivisions.get(first) ?? { country: row.country, allowed: 0, refused: 0 };
      subdivisions.set(first, { country: s.country, allowed: s.allowed + row.allowed, refused: s.refused + row.refused });
    }
  }
  return {
    countries: [...countries].map(([country, c]) => ({ country, ...c })),
    subdivisions: [...subdivisions].map(([subdivision, s]) => ({ subdivision, ...s })),
  };
}

function add<K>(map: Map<K, OutcomeCounts>, key: K, row: OutcomeCounts): void {
  const c = map.get(key) ?? { allowed: 0, refused: 0 };
  map.set(key, { allowed: c.allowed + row.allowed, refused: c.refused + row.refused });
}
