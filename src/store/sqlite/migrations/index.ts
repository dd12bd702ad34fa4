/** Every schema step, in order. Add a step by adding a file and one line here. */
import { accounts } from './0001-accounts.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';
export { migrate, type MigrationResult } from './migrate.js';

export const MIGRATIONS: readonly Migration[] = [accounts];
