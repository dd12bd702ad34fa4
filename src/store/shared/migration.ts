/**
 * One schema step, the same shape on both backends. Steps are numbered from 1 without gaps, applied
 * in order and never edited once released: a change to the schema is a new step. Each backend lists
 * its own steps (the DDL differs) with the same versions and names (a test keeps them in step), so
 * "schema version N" means the same tables on SQLite and PostgreSQL.
 */
export interface Migration {
  readonly version: number;
  /** Short snake_case label, recorded beside the version for people reading the table. */
  readonly name: string;
  /** One or more SQL statements, run inside the migration transaction. */
  readonly sql: string;
}

/**
 * The steps a schema at version `from` still needs, in order. Refuses a list not numbered 1, 2, 3…,
 * and a schema newer than the list, so an old build never writes into a schema it does not know.
 */
export function pendingSteps(steps: readonly Migration[], from: number): readonly Migration[] {
  steps.forEach((step, i) => {
    if (step.version !== i + 1) throw new Error(`migration ${step.name} has version ${step.version}, expected ${i + 1}`);
  });
  if (from > steps.length) throw new Error(`its schema is version ${from}, newer than this Cordon knows (${steps.length}); upgrade Cordon`);
  return steps.slice(from);
}
