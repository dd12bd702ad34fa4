/**
 * What a CLI command gets from the entry point: resolved config and factories for the adapters it
 * needs, plus where to write. Commands never read the environment or build adapters themselves.
 */
import type { Writable } from 'node:stream';
import type { EnforcementSettings } from '../enforcement/settings.js';
import type { AccountStore, Store } from '../store/port.js';

export interface CliIo {
  readonly out: Writable;
  readonly err: Writable;
}

export interface CliContext extends CliIo {
  /** Opens the configured account store (SQLite by default), migrated. Call close() when done. */
  openAccountStore(): Promise<{ store: AccountStore; close(): Promise<void> }>;
}

/** What the commands that work on the whole store get (`cordon accounts`, `cordon tenants`). */
export interface StoreCliContext extends CliIo {
  /** Opens the configured store (every port), migrated. Call close() when done. */
  openStore(): Promise<Store>;
  /** The configured enforcement settings (ladder, webhook) from the config file. */
  enforcementSettings(): EnforcementSettings;
  now(): number;
}
