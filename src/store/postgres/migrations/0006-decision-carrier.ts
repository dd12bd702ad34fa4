import { AUDIT_APPEND_FUNCTION } from './audit-append-function.js';
import type { PgMigration } from './migration.js';

/**
 * As SQLite's 0006: `decision_facts.carrier`, the carrier address's facts of a decision (JSON text,
 * null for most rows and for every row projected before), and `cordon_audit_append` writing it.
 */
export const decisionCarrier: PgMigration = {
  version: 6,
  name: 'decision_carrier',
  sql: `
    ALTER TABLE decision_facts ADD COLUMN carrier text;
${AUDIT_APPEND_FUNCTION}
  `,
};
