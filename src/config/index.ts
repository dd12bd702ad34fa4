export { loadConfig, type LoadOptions, type Env } from './load.js';
export { ConfigError } from './errors.js';
export type * from './types.js';
export { EnvSecret, requireSecrets } from './secret.js';
