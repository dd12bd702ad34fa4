/**
 * Sorted, non-overlapping address ranges in typed arrays, found by binary search: the layout CIDR sets
 * and the ASN index share. IPv4: one array of starts and one of ends; IPv6: 8 words per range
 * (start[0..3], end[0..3]). No allocation on a search.
 */
import type { Ipv6Words } from './ip.js';

/** The index of the range in `starts`/`ends` that holds `v4`, or -1. */
export function findV4Range(starts: Uint32Array, ends: Uint32Array, v4: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= v4) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found !== -1 && v4 <= (ends[found] as number) ? found : -1;
}

/** The index of the range in `bounds` (8 words per range) that holds `words`, or -1. */
export function findV6Range(bounds: Uint32Array, words: Ipv6Words): number {
  let lo = 0;
  let hi = bounds.length / 8 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (compareWordsAt(bounds, mid * 8, words) <= 0) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found !== -1 && compareWordsAt(bounds, found * 8 + 4, words) >= 0 ? found : -1;
}

/** Compares the four words at `array[offset..]` with `words`. */
export function compareWordsAt(array: Uint32Array, offset: number, words: Ipv6Words): number {
  for (let i = 0; i < 4; i++) {
    const a = array[offset + i]!;
    const b = words[i]!;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}
