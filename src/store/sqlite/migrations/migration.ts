/**
 * One schema step. Steps are numbered from 1 without gaps, applied in order and never edited once
 * released: a change to the schema is a new step. Later issues add their tables (violations, audit,
 * usage, policies, webhook outbox, admin tokens) as new files listed in ./index.ts.
 */
export interface Migration {
  readonly version: number;
  /** Short snake_case label, recorded beside the version for people reading the table. */
  readonly name: string;
  /** One or more SQL statements, run with `exec` inside the migration transaction. */
  readonly sql: string;
}
