/** The store: ports every backend implements, the backends, and a factory that picks one by URL. */
export type { AccountStore, AuthenticatedKey, CreatedKey, NewTenant, Store, StoreClock, StoreDeps } from './port.js';
export { openStore, parseStoreUrl, type StoreLocation } from './open-store.js';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite/index.js';
export { StoreError, isStoreError, STORE_ERROR_CODES, type StoreErrorCode } from './store-error.js';
export { SECRET_PREFIX, hashSecret } from './secrets.js';
