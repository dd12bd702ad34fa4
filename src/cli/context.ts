/**
 * What a CLI command gets from the entry point: resolved config and factories for the adapters it
 * needs, plus where to write. Commands never read the environment or build adapters themselves.
 */
import type { Writable } from 'node:stream';
import type { AccountStore } from '../store/port.js';

export interface CliIo {
  readonly out: Writable;
  readonly err: Writable;
}

export interface CliContext extends CliIo {
  /** Opens the configured account store (SQLite by default), migrated. Call close() when done. */
  openAccountStore(): Promise<{ store: AccountStore; close(): Promise<void> }>;
}
