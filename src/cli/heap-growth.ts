/**
 * V8's heap growing factor for the long-running gateway (`server.heap_growing_percent`). Left to its
 * own heuristics, V8 lets the old generation grow to several times what survived the last full
 * collection before collecting again, so under load the resident size climbs in a saw-tooth — about
 * 100 MB above the live heap at c=64 (docs/benchmarks.md). A fixed factor of 1 + percent/100 keeps it
 * within a bound proportional to the live heap, at the same CPU per request in the benchmark. The flag
 * is read at every full collection, so setting it once the process runs takes effect. The config is 0
 * when nothing is to be set (configured so, or Node was given the flag itself: src/config/load.ts).
 */
import { setFlagsFromString } from 'node:v8';

/** The flag to set, or null when there is nothing to set. */
export function heapGrowthFlag(percent: number): string | null {
  return percent > 0 ? `--heap-growing-percent=${Math.trunc(percent)}` : null;
}

/** Sets the factor for this process; returns the flag set, or null. */
export function tuneHeapGrowth(percent: number): string | null {
  const flag = heapGrowthFlag(percent);
  if (flag !== null) setFlagsFromString(flag);
  return flag;
}
