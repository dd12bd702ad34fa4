/**
 * What-if simulation: recorded requests replayed through a baseline policy (the live one) and a
 * candidate. A request whose outcome differs — refused under one, served under the other — counts
 * under its country and the provider that would serve it (`opened`) or that served it (`closed`).
 * Requests refused for the account's standing are not policy outcomes and are skipped. Pure: the
 * caller feeds batches as it reads them.
 */
import type { RecordedRequest } from '../domain/recorded.js';
import type { CompiledPolicy } from '../policy/index.js';
import type { PriceBook, TableRow, TableTotals } from './change-table.js';
import type { EstimateBasis } from './estimator.js';
import { isPolicyOutcome } from './replay.js';
import { ReplayRun } from './replay-run.js';

export const SIMULATION_CHANGES = ['opened', 'closed'] as const;
/** `opened`: refused under the baseline, served under the candidate; `closed`: the reverse. */
export type SimulationChange = (typeof SIMULATION_CHANGES)[number];

export interface SimulationResult {
  readonly baselineHash: string;
  readonly candidateHash: string;
  /** Recorded requests read. */
  readonly scanned: number;
  /** Refused for the account's standing, not by policy: left out. */
  readonly skipped: number;
  /** Served by another provider under the candidate (not a change of outcome; not in the table). */
  readonly rerouted: number;
  readonly rows: readonly TableRow<SimulationChange>[];
  readonly totals: Readonly<Record<SimulationChange, TableTotals>>;
  /** How the tokens of requests without recorded usage were estimated, per route model. */
  readonly estimates: readonly { readonly model: string; readonly basis: EstimateBasis; readonly requests: number }[];
}

/** Judges by both policies at once: [baseline, candidate]. */
export class Simulation extends ReplayRun<SimulationChange> {
  readonly #hashes: { baseline: string; candidate: string };
  readonly #estimatedModels = new Map<string, number>();
  #skipped = 0;
  #rerouted = 0;

  constructor(baseline: CompiledPolicy, candidate: CompiledPolicy, prices: PriceBook, options: { readonly memo?: boolean } = {}) {
    super([baseline, candidate], prices, options);
    this.#hashes = { baseline: baseline.hash, candidate: candidate.hash };
  }

  protected judgeBatch(batch: readonly RecordedRequest[]): void {
    for (const r of batch) {
      if (!isPolicyOutcome(r)) {
        this.#skipped++;
        continue;
      }
      const [before = null, after = null] = this.judge.servedBy(r);
      if (before === after) continue;
      if (before !== null && after !== null) {
        this.#rerouted++;
        continue;
      }
      if (r.usage === null) this.#estimatedModels.set(r.model, (this.#estimatedModels.get(r.model) ?? 0) + 1);
      if (after !== null) this.table.add('opened', r, after);
      else this.table.add('closed', r, before as string);
    }
  }

  result(): SimulationResult {
    const rows = this.table.rows(this.estimator, SIMULATION_CHANGES);
    return {
      baselineHash: this.#hashes.baseline,
      candidateHash: this.#hashes.candidate,
      scanned: this.scanned,
      skipped: this.#skipped,
      rerouted: this.#rerouted,
      rows,
      totals: { opened: this.table.totals(rows, 'opened'), closed: this.table.totals(rows, 'closed') },
      estimates: [...this.#estimatedModels].sort(([a], [b]) => a.localeCompare(b)).map(([model, requests]) => ({ model, basis: this.estimator.estimate(model).basis, requests })),
    };
  }
}
