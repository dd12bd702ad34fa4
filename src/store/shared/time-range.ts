/** A TimeRange as the bounds a query compares `at` with: an open end becomes the widest safe integer. */
import type { TimeRange } from '../evidence-port.js';

export interface TimeBounds {
  /** Inclusive. */
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
}

export function timeBounds(range: TimeRange): TimeBounds {
  return { from: range.from ?? Number.MIN_SAFE_INTEGER, to: range.to ?? Number.MAX_SAFE_INTEGER };
}
