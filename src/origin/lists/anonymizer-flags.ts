/**
 * Joining anonymizer flags from two sources (the geo data's, the operator's lists') into the sorted,
 * duplicate-free list `GeoFacts.anonymizer` promises. On the request path: a flag set is a 6-bit mask
 * and every possible union is a frozen array made once, so a join allocates nothing. Pure.
 */
import { ANONYMIZER_FLAGS, type AnonymizerFlag } from '../../domain/origin.js';

const SORTED = [...ANONYMIZER_FLAGS].sort();
const BIT = new Map<AnonymizerFlag, number>(SORTED.map((flag, i) => [flag, 1 << i]));
/** The sorted flags of every mask. */
const BY_MASK: readonly (readonly AnonymizerFlag[])[] = Array.from({ length: 1 << SORTED.length }, (_, mask) => Object.freeze(SORTED.filter((_, i) => (mask & (1 << i)) !== 0)));

function maskOf(flags: readonly AnonymizerFlag[]): number {
  let mask = 0;
  for (const flag of flags) mask |= BIT.get(flag) ?? 0;
  return mask;
}

/** `base` and `extra` together, sorted, without duplicates; `base` itself when `extra` adds nothing. */
export function unionFlags(base: readonly AnonymizerFlag[], extra: readonly AnonymizerFlag[]): readonly AnonymizerFlag[] {
  if (extra.length === 0) return base;
  const own = maskOf(base);
  const both = own | maskOf(extra);
  return both === own ? base : (BY_MASK[both] as readonly AnonymizerFlag[]);
}
