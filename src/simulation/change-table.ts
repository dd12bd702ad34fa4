/**
 * The table a simulation (and reach) fills: per change, country and provider — requests, distinct
 * keys, tokens and revenue at the price table — with recorded usage where there is some and estimates
 * (estimator.ts) where there is none, counted apart so reports can say how much is estimated.
 */
import type { Price } from '../domain/route.js';
import type { RecordedRequest } from '../domain/recorded.js';
import type { TokenUsage } from '../domain/usage.js';
import { costNanoUsd } from '../metering/index.js';
import type { TokenEstimator } from './estimator.js';

/** The price of serving one request of route `model` on `provider` (its deployment there), or null. */
export type PriceBook = (model: string, provider: string) => Price | null;

export interface TableRow<C extends string> {
  readonly change: C;
  /** Null: unknown location. */
  readonly country: string | null;
  readonly provider: string;
  readonly requests: number;
  readonly keys: number;
  /** Input plus output tokens, recorded and estimated, rounded. */
  readonly tokens: number;
  /** Requests whose tokens are estimates (no recorded usage). */
  readonly estimated: number;
  readonly revenueNanoUsd: number;
  /** Requests with no price for the provider (tokens counted, revenue not). */
  readonly unpriced: number;
}

export interface TableTotals {
  readonly requests: number;
  readonly keys: number;
  readonly tokens: number;
  readonly estimated: number;
  readonly revenueNanoUsd: number;
}

interface Cell {
  requests: number;
  readonly keys: Set<string>;
  tokens: number;
  revenue: number;
  unpriced: number;
  /** Estimated requests by route model, priced once the averages are known. */
  readonly pending: Map<string, number>;
}

export class ChangeTable<C extends string> {
  readonly #cells = new Map<string, { change: C; country: string | null; provider: string; cell: Cell }>();
  readonly #prices: PriceBook;

  constructor(prices: PriceBook) {
    this.#prices = prices;
  }

  add(change: C, r: RecordedRequest, provider: string): void {
    const id = `${change}|${r.country}|${provider}`;
    let entry = this.#cells.get(id);
    if (entry === undefined) {
      entry = { change, country: r.country, provider, cell: { requests: 0, keys: new Set(), tokens: 0, revenue: 0, unpriced: 0, pending: new Map() } };
      this.#cells.set(id, entry);
    }
    const cell = entry.cell;
    cell.requests++;
    cell.keys.add(r.keyId);
    const u = r.usage;
    if (u === null) {
      cell.pending.set(r.model, (cell.pending.get(r.model) ?? 0) + 1);
      return;
    }
    cell.tokens += u.inputTokens + u.outputTokens;
    if (u.provider === provider && u.costNanoUsd !== null) cell.revenue += u.costNanoUsd;
    else this.#price(cell, r.model, provider, u, 1);
  }

  /** The rows, with estimates priced from `estimator`, largest first within each change. */
  rows(estimator: TokenEstimator, order: readonly C[]): TableRow<C>[] {
    const rows: TableRow<C>[] = [];
    for (const { change, country, provider, cell } of this.#cells.values()) {
      let estimated = 0;
      let tokens = cell.tokens;
      for (const [model, n] of cell.pending) {
        const { usage } = estimator.estimate(model);
        estimated += n;
        tokens += n * (usage.inputTokens + usage.outputTokens);
        this.#price(cell, model, provider, usage, n);
      }
      cell.pending.clear();
      rows.push({ change, country, provider, requests: cell.requests, keys: cell.keys.size, tokens: Math.round(tokens), estimated, revenueNanoUsd: Math.round(cell.revenue), unpriced: cell.unpriced });
    }
    const rank = (c: C) => order.indexOf(c);
    return rows.sort((a, b) => rank(a.change) - rank(b.change) || b.requests - a.requests || (a.country ?? '~').localeCompare(b.country ?? '~') || a.provider.localeCompare(b.provider));
  }

  /** Totals per change; keys are distinct across the change's rows. */
  totals(rows: readonly TableRow<C>[], change: C): TableTotals {
    const keys = new Set<string>();
    for (const e of this.#cells.values()) if (e.change === change) e.cell.keys.forEach((k) => keys.add(k));
    const mine = rows.filter((r) => r.change === change);
    const sum = (f: (r: TableRow<C>) => number) => mine.reduce((n, r) => n + f(r), 0);
    return { requests: sum((r) => r.requests), keys: keys.size, tokens: sum((r) => r.tokens), estimated: sum((r) => r.estimated), revenueNanoUsd: sum((r) => r.revenueNanoUsd) };
  }

  #price(cell: Cell, model: string, provider: string, usage: TokenUsage, n: number): void {
    const price = this.#prices(model, provider);
    if (price === null) cell.unpriced += n;
    else cell.revenue += n * costNanoUsd(usage, price);
  }
}
