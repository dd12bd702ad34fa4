/**
 * What every replay over the recorded requests shares (simulate.ts, reach.ts): the judge of its
 * policies, the table it fills, the count of requests read, and the token estimator that every
 * request read teaches — served requests carry the usage that unserved ones are estimated from, so a
 * request teaches it whether or not the replay counts it. Each replay judges a batch in its own loop.
 */
import type { RecordedRequest } from '../domain/recorded.js';
import type { CompiledPolicy } from '../policy/index.js';
import { ChangeTable, type PriceBook } from './change-table.js';
import { TokenEstimator } from './estimator.js';
import { createJudge, type Judge } from './replay.js';

export abstract class ReplayRun<C extends string> {
  protected readonly judge: Judge;
  protected readonly table: ChangeTable<C>;
  protected readonly estimator = new TokenEstimator();
  #scanned = 0;

  /** `policies`: judged together, in this order (Judge.servedBy answers one per policy). */
  constructor(policies: readonly CompiledPolicy[], prices: PriceBook, options: { readonly memo?: boolean } = {}) {
    this.judge = createJudge(policies, options);
    this.table = new ChangeTable(prices);
  }

  /** Recorded requests read so far. */
  get scanned(): number {
    return this.#scanned;
  }

  add(batch: readonly RecordedRequest[]): void {
    this.#scanned += batch.length;
    for (const r of batch) this.estimator.observe(r);
    this.judgeBatch(batch);
  }

  protected abstract judgeBatch(batch: readonly RecordedRequest[]): void;
}
