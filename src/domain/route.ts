/** Deployments: where a requested model name may be served, and at what price. */

export interface Price {
  /** USD per million input tokens. */
  readonly input: number;
  /** USD per million cached input tokens, when the provider reports and discounts them. */
  readonly cachedInput: number | null;
  /** USD per million input tokens written to the prompt cache (Anthropic's cache writes); absent: the input price. */
  readonly cacheWrite?: number | null;
  /** USD per million output tokens. */
  readonly output: number;
}

export interface Deployment {
  readonly provider: string;
  /** The model name sent upstream. */
  readonly model: string;
  readonly price: Price | null;
  /** Lower first; the configured order by default. */
  readonly priority: number;
}

export type RoutingStrategy = 'cheapest' | 'priority';

export interface ModelRoute {
  /** The model name callers ask for. */
  readonly name: string;
  readonly strategy: RoutingStrategy;
  readonly deployments: readonly Deployment[];
}
