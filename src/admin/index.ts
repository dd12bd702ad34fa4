/**
 * The operators' HTTP edge (docs/admin-api.md, docs/dashboard.md): the admin API under `/admin/` and
 * the dashboard under `/dashboard/`. The contract (contract/) says what each route takes and answers;
 * the handlers (routes/) parse, call the operations (src/operations/, directly or through the services
 * the composition root binds) and format, one per endpoint; the OpenAPI document is generated from
 * the contract (openapi.ts); mount.ts serves it all over HTTP.
 */
import type { EnforcementAction } from '../domain/enforcement.js';
import type { EnforcementSettings } from '../enforcement/index.js';
import type { HttpMount } from '../http/index.js';
import type { AdminQueries } from '../store/admin-query-port.js';
import type { PresetCatalog } from '../policy/index.js';
import type { AdminTokenStore } from '../store/admin-token-port.js';
import type { EnforcementStore } from '../store/enforcement-port.js';
import type { AccountStore } from '../store/port.js';
import type { DashboardAssets } from './dashboard-assets.js';
import type { EvidenceService, PolicyService } from './evidence-ports.js';
import { ENDPOINTS } from './contract/index.js';
import { openapiDocument } from './openapi.js';
import { routesOf, type AdminRoute } from './router.js';
import { accountHandlers } from './routes/accounts.js';
import { adminTokenHandlers } from './routes/admin-tokens.js';
import { decisionHandlers } from './routes/decisions.js';
import { foresightHandlers } from './routes/foresight.js';
import { geoHandlers, type GeoRouteDeps } from './routes/geo.js';
import { dataHandlers, type DataRouteDeps } from './routes/data.js';
import { policyHandlers } from './routes/policies.js';
import { presetHandlers } from './routes/presets.js';
import { reportHandlers } from './routes/reports.js';
import { statsHandlers } from './routes/stats.js';
import { tenantHandlers } from './routes/tenants.js';
import { createAdminMount } from './mount.js';

export { createAdminServerHandler, OPENAPI_PATH } from './mount.js';
export { authenticateAdmin } from './auth.js';
export { openapiDocument } from './openapi.js';
export { loadDashboardAssets, type DashboardAssets } from './dashboard-assets.js';
export type { AdminRoute } from './router.js';
export type { ApplyInput, ApplyResult, AuditVerificationResult, EvidenceService, LivePolicy, PolicyService } from './evidence-ports.js';

export interface AdminDeps extends GeoRouteDeps, DataRouteDeps {
  readonly tokens: AdminTokenStore;
  readonly accounts: AccountStore;
  readonly queries: AdminQueries;
  readonly enforcement: EnforcementStore;
  readonly enforcementSettings: EnforcementSettings;
  /** Told of every account action taken through the API, once committed. */
  readonly actionTaken?: (action: EnforcementAction) => void;
  readonly evidence: EvidenceService;
  readonly policyService: PolicyService;
  readonly dashboard: DashboardAssets;
  readonly now: () => number;
  readonly maxBodyBytes: number;
  /** The bundled presets, for `GET /admin/presets`. */
  readonly presets: PresetCatalog;
}

/** Every admin route: each endpoint of the contract with its handler. */
export function adminRoutes(deps: AdminDeps): AdminRoute[] {
  return routesOf(ENDPOINTS, {
    ...adminTokenHandlers(deps.tokens),
    ...statsHandlers(deps.queries),
    ...tenantHandlers(deps.accounts),
    ...accountHandlers({ accounts: deps.accounts, enforcement: deps.enforcement, settings: deps.enforcementSettings, actionTaken: deps.actionTaken }),
    ...decisionHandlers({ queries: deps.queries, evidence: deps.evidence, enforcement: deps.enforcement, policy: deps.policy, dataVersion: deps.dataVersion }),
    ...policyHandlers(deps.policyService),
    ...foresightHandlers(deps.policyService),
    ...reportHandlers(deps.evidence, deps.policyService),
    ...presetHandlers(deps.presets),
    ...geoHandlers(deps),
    ...dataHandlers(deps),
  });
}

export function createAdmin(deps: AdminDeps): HttpMount {
  return createAdminMount({
    routes: adminRoutes(deps),
    openapi: openapiDocument(),
    tokens: deps.tokens,
    dashboard: deps.dashboard,
    now: deps.now,
    maxBodyBytes: deps.maxBodyBytes,
  });
}
