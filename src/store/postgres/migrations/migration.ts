/** A PostgreSQL schema step, one per SQLite step with the same version and name (../../shared/migration.ts). */
export type { Migration as PgMigration } from '../../shared/migration.js';
