/** Builds the CliContext the commands receive: config loading and adapter factories on demand. */
import type { Readable } from 'node:stream';
import { loadConfig, type Config } from '../config/index.js';
import { openStore } from '../store/open-store.js';
import type { CliContext, CliIo, StoreCliContext } from './context.js';

export interface FullCliContext extends CliContext, StoreCliContext {
  /** The resolved config (from `--config`, `CORDON_CONFIG` or the defaults); loaded once. */
  config(): Config;
  /** Standard input, for commands that read it (`cordon check -`); opened on the first call. */
  stdin(): Readable;
}

export function createCliContext(io: CliIo & { stdin(): Readable }, configPath: () => string | undefined): FullCliContext {
  let config: Config | null = null;
  const getConfig = (): Config => {
    if (config === null) {
      config = loadConfig({ file: configPath() ?? null });
      // Once per process, whatever the command (`cordon serve` prints them at start, before its logs).
      for (const warning of config.warnings) io.err.write(`cordon: warning: ${config.source ?? '(built-in defaults)'}: ${warning}\n`);
    }
    return config;
  };
  return {
    ...io,
    config: getConfig,
    now: Date.now,
    enforcementSettings: () => getConfig().enforcement,
    openStore: () => openStore(getConfig().storeUrl, { clock: { now: Date.now } }),
    async openAccountStore() {
      const store = await openStore(getConfig().storeUrl, { clock: { now: Date.now } });
      return { store: store.accounts, close: () => store.close() };
    },
  };
}
