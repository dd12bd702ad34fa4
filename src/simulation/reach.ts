/**
 * Reach: the demand a policy turns away. Recorded requests are judged by the policy (the live one);
 * each refused request counts, under its country, once for every provider of its route, with the
 * layer and rule that refused it there — so the table reads "what provider P would have been asked
 * for from country C". Tokens and revenue are estimates (the requests were never served).
 */
import type { RecordedRequest } from '../domain/recorded.js';
import type { CompiledPolicy } from '../policy/index.js';
import { ChangeTable, type PriceBook, type TableRow, type TableTotals } from './change-table.js';
import { isPolicyOutcome } from './replay.js';
import { ReplayRun } from './replay-run.js';

export interface ReachResult {
  readonly policyHash: string;
  readonly scanned: number;
  /** Requests the policy refuses (each once, whatever the number of providers). */
  readonly refused: number;
  /** Rows keyed by the refusing layer (`law`, `terms`, `operator`). */
  readonly rows: readonly TableRow<string>[];
  /** Distinct refused requests and keys per country. */
  readonly byCountry: readonly { readonly country: string | null; readonly requests: number; readonly keys: number }[];
  /** Each refused request once, priced at the first provider of its route (the one it would try first). */
  readonly totals: TableTotals;
  /** The rule that refused most often for each country and provider: `country|provider` → rule id. */
  readonly topRules: ReadonlyMap<string, string>;
}

/** Judges by the one policy; its table is keyed by the refusing layer. */
export class Reach extends ReplayRun<string> {
  readonly #hash: string;
  readonly #demand: ChangeTable<'refused'>;
  readonly #countries = new Map<string | null, { requests: number; keys: Set<string> }>();
  readonly #rules = new Map<string, Map<string, number>>();
  #refused = 0;

  constructor(policy: CompiledPolicy, prices: PriceBook) {
    super([policy], prices);
    this.#hash = policy.hash;
    this.#demand = new ChangeTable(prices);
  }

  protected judgeBatch(batch: readonly RecordedRequest[]): void {
    for (const r of batch) {
      if (!isPolicyOutcome(r) || this.judge.servedBy(r)[0] !== null) continue;
      this.#refused++;
      let c = this.#countries.get(r.country);
      if (c === undefined) this.#countries.set(r.country, (c = { requests: 0, keys: new Set() }));
      c.requests++;
      c.keys.add(r.keyId);
      // Reach is demand that was never served: recorded usage (from a policy since changed) is not used.
      const unserved: RecordedRequest = r.usage === null ? r : { ...r, usage: null };
      this.#demand.add('refused', unserved, r.providers[0] ?? '-');
      for (const d of this.judge.decisions(r)[0] ?? []) {
        this.table.add(d.layer, unserved, d.provider);
        const id = `${r.country}|${d.provider}`;
        let rules = this.#rules.get(id);
        if (rules === undefined) this.#rules.set(id, (rules = new Map()));
        rules.set(d.ruleId, (rules.get(d.ruleId) ?? 0) + 1);
      }
    }
  }

  result(): ReachResult {
    const rows = this.table.rows(this.estimator, ['law', 'terms', 'operator']);
    const demand = this.#demand.rows(this.estimator, ['refused']);
    const topRules = new Map<string, string>();
    for (const [id, rules] of this.#rules) topRules.set(id, [...rules].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '');
    return {
      policyHash: this.#hash,
      scanned: this.scanned,
      refused: this.#refused,
      rows,
      byCountry: [...this.#countries].map(([country, c]) => ({ country, requests: c.requests, keys: c.keys.size })).sort((a, b) => b.requests - a.requests),
      totals: this.#demand.totals(demand, 'refused'),
      topRules,
    };
  }
}
