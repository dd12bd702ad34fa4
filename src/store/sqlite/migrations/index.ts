/** Every schema step, in order. Add a step by adding a file and one line here. */
import { accounts } from './0001-accounts.js';
import { enforcement } from './0002-enforcement.js';
import { evidence } from './0003-evidence.js';
import { adminTokens } from './0004-admin-tokens.js';
import { accountGeneration } from './0005-account-generation.js';
import { decisionCarrier } from './0006-decision-carrier.js';
import { auditJournal } from './0007-audit-journal.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';
export { migrate, type MigrationResult } from './migrate.js';

export const MIGRATIONS: readonly Migration[] = [accounts, enforcement, evidence, adminTokens, accountGeneration, decisionCarrier, auditJournal];
