/**
 * Running simulations and reach over the recorded requests in the store: reads them in batches and
 * feeds the pure engines (src/simulation), reporting progress as it goes.
 */
import type { Config } from '../config/types.js';
import type { CompiledPolicy } from '../policy/index.js';
import { Reach, Simulation, type ReachResult, type SimulationResult } from '../simulation/index.js';
import type { Store, TimeRange } from '../store/index.js';
import { priceBook } from './price-book.js';

export interface ScanProgress {
  (done: number, total: number): void;
}

async function feed(store: Store, range: TimeRange, add: (batch: Parameters<Simulation['add']>[0]) => void, progress?: ScanProgress): Promise<void> {
  const total = progress === undefined ? 0 : await store.evidence.requests.count(range);
  let done = 0;
  for await (const batch of store.evidence.requests.scan(range)) {
    add(batch);
    done += batch.length;
    progress?.(done, total);
  }
}

export async function simulateOnRecords(
  deps: { readonly config: Config; readonly store: Store },
  policies: { readonly baseline: CompiledPolicy; readonly candidate: CompiledPolicy },
  range: TimeRange,
  progress?: ScanProgress,
): Promise<SimulationResult> {
  const sim = new Simulation(policies.baseline, policies.candidate, priceBook(deps.config.models));
  await feed(deps.store, range, (b) => sim.add(b), progress);
  return sim.result();
}

export async function reachOnRecords(deps: { readonly config: Config; readonly store: Store }, policy: CompiledPolicy, range: TimeRange, progress?: ScanProgress): Promise<ReachResult> {
  const reach = new Reach(policy, priceBook(deps.config.models));
  await feed(deps.store, range, (b) => reach.add(b), progress);
  return reach.result();
}
