/**
 * One PostgreSQL schema step. Versions and names follow the SQLite steps one for one (a test keeps
 * the two lists in step), so "schema version N" means the same tables on both backends.
 */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  /** One or more statements, run inside the migration transaction. */
  readonly sql: string;
}
