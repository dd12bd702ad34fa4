/** What the evidence commands (audit, usage, reach, policy versions) get: the store, the config, the time. */
import type { Config } from '../config/types.js';
import type { Store } from '../store/index.js';
import type { StoreCliContext } from './context.js';

export interface EvidenceCliContext extends StoreCliContext {
  config(): Config;
}

/** Opens the store for one command and always closes it. */
export async function withStore<T>(ctx: EvidenceCliContext, body: (store: Store) => Promise<T>): Promise<T> {
  const store = await ctx.openStore();
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
