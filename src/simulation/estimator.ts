/**
 * Token estimates for requests that have no recorded usage (they were refused, so nothing was
 * served): the average of the requests of the same model that were served and reported usage, over
 * the same log; the average over every model when that model was never served; zero when nothing
 * was. Estimates are always labelled as such.
 */
import type { RecordedRequest } from '../domain/recorded.js';
import type { TokenUsage } from '../domain/usage.js';

interface Sums {
  n: number;
  input: number;
  cached: number;
  output: number;
}

export type EstimateBasis = 'model' | 'all_models' | 'none';

export class TokenEstimator {
  readonly #byModel = new Map<string, Sums>();
  readonly #all: Sums = { n: 0, input: 0, cached: 0, output: 0 };

  observe(r: RecordedRequest): void {
    const u = r.usage;
    if (u === null) return;
    let s = this.#byModel.get(r.model);
    if (s === undefined) this.#byModel.set(r.model, (s = { n: 0, input: 0, cached: 0, output: 0 }));
    for (const t of [s, this.#all]) {
      t.n++;
      t.input += u.inputTokens;
      t.cached += u.cachedInputTokens;
      t.output += u.outputTokens;
    }
  }

  /** Average usage of one request of `model` (fractional tokens), and what it was averaged over. */
  estimate(model: string): { readonly usage: TokenUsage; readonly basis: EstimateBasis } {
    const s = this.#byModel.get(model);
    const from = s !== undefined && s.n > 0 ? s : this.#all.n > 0 ? this.#all : null;
    if (from === null) return { usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 }, basis: 'none' };
    return {
      usage: { inputTokens: from.input / from.n, cachedInputTokens: from.cached / from.n, outputTokens: from.output / from.n },
      basis: from === s ? 'model' : 'all_models',
    };
  }
}
