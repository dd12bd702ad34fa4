/** The price table as simulation sees it: a route model and a provider → the price of its deployment there. */
import type { ModelRoute, Price } from '../domain/route.js';
import { buildRouteTable } from '../routing/index.js';
import type { PriceBook } from '../simulation/index.js';

export function priceBook(models: readonly ModelRoute[]): PriceBook {
  const prices = new Map<string, Price | null>();
  for (const route of buildRouteTable(models).values()) {
    // The first deployment of each provider in try order is the one that would serve.
    for (const d of [...route.deployments].reverse()) prices.set(`${route.name}\u0000${d.provider}`, d.price);
  }
  return (model, provider) => prices.get(`${model}\u0000${provider}`) ?? null;
}
