/**
 * The admin API's contract: every route as data (endpoint.ts), keyed by operation id in the order the
 * OpenAPI document lists them; the named answer shapes the document lists as components; and the
 * answer types the dashboard reads. The dashboard imports types only (`import type`): it bundles no zod.
 */
import type { z } from 'zod/v4';
import { Account, ACCOUNT_ENDPOINTS, AccountSummary, Action, ActionResult, Violation } from './accounts.js';
import { AdminToken, CreatedAdminToken, CreatedKey, ErrorAnswer, Key, Tenant } from './common.js';
import { Decision, DECISION_ENDPOINTS, DecisionSummary } from './decisions.js';
import type { Answer, Endpoint, RequestBody } from './endpoint.js';
import { FORESIGHT_ENDPOINTS, PolicyDiff, Shadow, Simulation } from './foresight.js';
import { Check, GEO_ENDPOINTS, GeoFacts } from './geo.js';
import { DATA_ENDPOINTS, DataSource } from './data.js';
import { AppliedVersion, POLICY_ENDPOINTS, PolicyVersion } from './policies.js';
import { PRESET_ENDPOINTS, Preset } from './presets.js';
import { AuditVerification, REPORT_ENDPOINTS, ReachReport, UsageReport } from './reports.js';
import { ADMIN_TOKEN_ENDPOINTS } from './admin-tokens.js';
import { CountryReport, STATS_ENDPOINTS, Timeline } from './stats.js';
import { TENANT_ENDPOINTS } from './tenants.js';

export const ENDPOINTS = {
  ...ADMIN_TOKEN_ENDPOINTS,
  ...STATS_ENDPOINTS,
  ...TENANT_ENDPOINTS,
  ...ACCOUNT_ENDPOINTS,
  ...DECISION_ENDPOINTS,
  ...POLICY_ENDPOINTS,
  ...FORESIGHT_ENDPOINTS,
  ...REPORT_ENDPOINTS,
  ...PRESET_ENDPOINTS,
  ...GEO_ENDPOINTS,
  ...DATA_ENDPOINTS,
} as const satisfies Record<string, Endpoint>;

export type OperationId = keyof typeof ENDPOINTS;

/** Answer shapes with a name in the document (`#/components/schemas/<name>`), wherever they appear. */
export const COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Error: ErrorAnswer,
  AdminToken,
  CreatedAdminToken,
  Tenant,
  Key,
  CreatedKey,
  CountryReport,
  Timeline,
  AccountSummary,
  Action,
  Violation,
  Account,
  ActionResult,
  DecisionSummary,
  Decision,
  PolicyVersion,
  AppliedVersion,
  PolicyDiff,
  Simulation,
  Shadow,
  AuditVerification,
  UsageReport,
  ReachReport,
  Preset,
  DataSource,
  GeoFacts,
  Check,
};

/** What an operation answers on success, deep read-only (the dashboard's view). */
export type AnswerOf<K extends OperationId> = Answer<(typeof ENDPOINTS)[K]>;
/** What a client sends as an operation's body. */
export type BodyOf<K extends OperationId> = RequestBody<(typeof ENDPOINTS)[K]>;

export { ErrorAnswer };
export type { AdminMethod, AdminTag, Answer, Endpoint, EndpointInput, Wire } from './endpoint.js';
