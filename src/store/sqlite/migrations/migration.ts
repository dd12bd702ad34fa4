/** A SQLite schema step: SQL run with `exec` inside the migration transaction (../../shared/migration.ts). */
export type { Migration } from '../../shared/migration.js';
