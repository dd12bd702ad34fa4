/** Every PostgreSQL schema step, in order; one per SQLite step, with the same version and name. */
import { accounts } from './0001-accounts.js';
import { enforcement } from './0002-enforcement.js';
import { evidence } from './0003-evidence.js';
import { adminTokens } from './0004-admin-tokens.js';
import { accountGeneration } from './0005-account-generation.js';
import { decisionCarrier } from './0006-decision-carrier.js';
import { auditJournal } from './0007-audit-journal.js';
import type { PgMigration } from './migration.js';

export type { PgMigration } from './migration.js';
export { migratePostgres, type PgMigrationResult } from './migrate.js';

export const PG_MIGRATIONS: readonly PgMigration[] = [accounts, enforcement, evidence, adminTokens, accountGeneration, decisionCarrier, auditJournal];
