/** The store: ports every backend implements, the backends, and a factory that picks one by URL. */
export type { AccountStore, AuthenticatedKey, CreatedKey, NewTenant, Store, StoreClock, StoreDeps } from './port.js';
export { statusAfter, type EnforcementStore, type OutboxDraft, type OutboxMessage, type RecordFilter, type WebhookOutbox } from './enforcement-port.js';
export { DECISION_OUTCOMES, type AdminQueries, type CountryCounts, type DecisionOutcomeFilter, type DecisionRow, type DecisionSearch, type HourCounts, type OutcomeCounts, type SubdivisionCounts } from './admin-query-port.js';
export { ADMIN_ROLES, isAdminRole, type AdminRole, type AdminToken, type AdminTokenStore, type CreatedAdminToken } from './admin-token-port.js';
export type { AuditReadOptions, AuditStore, AuditSummary, PruneRequest, PruneResult } from './audit-port.js';
export {
  USAGE_DIMENSIONS,
  type EvidenceStore,
  type NewPolicyVersion,
  type PolicyAction,
  type PolicyVersion,
  type PolicyVersions,
  type RecordedRequests,
  type ShadowDifference,
  type ShadowPolicy,
  type ShadowReportRow,
  type ShadowStore,
  type TimeRange,
  type UsageDimension,
  type UsageQueries,
  type UsageRow,
  type UsageTotals,
} from './evidence-port.js';
export { describeStore, openStore, parseStoreUrl, type StoreLocation } from './open-store.js';
export { migrateStore, type MigrateReport } from './migrate-store.js';
export { openPostgresStore, redactUrl, type PostgresStore, type PostgresStoreOptions } from './postgres/index.js';
export { STORE_CHANGE_TOPICS, type StoreChange, type StoreChanges, type StoreChangeTopic } from './change-port.js';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite/index.js';
export { StoreError, isStoreError, STORE_ERROR_CODES, type StoreErrorCode } from './store-error.js';
export { SECRET_PREFIX, hashSecret } from './secrets.js';
