/**
 * Foresight — what a policy would do before it is live: simulation (a candidate against a baseline)
 * and reach (who a policy would refuse), both replayed over the recorded requests in the store. Reads
 * them in batches, feeds the pure engines (src/simulation) and reports progress as it goes.
 */
import type { Config } from '../config/types.js';
import type { CompiledPolicy } from '../policy/index.js';
import { Reach, Simulation, type ReachResult, type SimulationResult } from '../simulation/index.js';
import type { RecordedRequests, TimeRange } from '../store/evidence-port.js';
import { priceBook } from './price-book.js';

export interface ScanProgress {
  (done: number, total: number): void;
}

/** The recorded requests to replay, and the configured models whose prices they are costed at. */
export interface ForesightDeps {
  readonly config: Pick<Config, 'models'>;
  readonly requests: RecordedRequests;
}

async function feed(requests: RecordedRequests, range: TimeRange, add: (batch: Parameters<Simulation['add']>[0]) => void, progress?: ScanProgress): Promise<void> {
  const total = progress === undefined ? 0 : await requests.count(range);
  let done = 0;
  for await (const batch of requests.scan(range)) {
    add(batch);
    done += batch.length;
    progress?.(done, total);
  }
}

export async function simulateOnRecords(
  deps: ForesightDeps,
  policies: { readonly baseline: CompiledPolicy; readonly candidate: CompiledPolicy },
  range: TimeRange,
  progress?: ScanProgress,
): Promise<SimulationResult> {
  const sim = new Simulation(policies.baseline, policies.candidate, priceBook(deps.config.models));
  await feed(deps.requests, range, (b) => sim.add(b), progress);
  return sim.result();
}

export async function reachOnRecords(deps: ForesightDeps, policy: CompiledPolicy, range: TimeRange, progress?: ScanProgress): Promise<ReachResult> {
  const reach = new Reach(policy, priceBook(deps.config.models));
  await feed(deps.requests, range, (b) => reach.add(b), progress);
  return reach.result();
}
