/**
 * The operator surface (docs/admin-api.md, docs/dashboard.md): the admin API under `/admin/` and the
 * dashboard under `/dashboard/`. Handlers are thin over the store ports and services the composition
 * root passes in; the route table below is the whole API, described by openapi.ts.
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
import { OPENAPI_DOCUMENT } from './openapi.js';
import type { AdminRoute } from './router.js';
import { accountRoutes } from './routes/accounts.js';
import { adminTokenRoutes } from './routes/admin-tokens.js';
import { decisionRoutes } from './routes/decisions.js';
import { foresightRoutes } from './routes/foresight.js';
import { geoRoutes, type GeoRouteDeps } from './routes/geo.js';
import { policyRoutes } from './routes/policies.js';
import { presetRoutes } from './routes/presets.js';
import { reportRoutes } from './routes/reports.js';
import { statsRoutes } from './routes/stats.js';
import { tenantRoutes } from './routes/tenants.js';
import { createAdminSurface } from './surface.js';

export { createAdminServerHandler, OPENAPI_PATH } from './surface.js';
export { OPENAPI_DOCUMENT } from './openapi.js';
export { loadDashboardAssets, type DashboardAssets } from './dashboard-assets.js';
export type { AdminRoute } from './router.js';
export type { ApplyInput, ApplyResult, AuditVerificationResult, EvidenceService, LivePolicy, PolicyService } from './evidence-ports.js';

export interface AdminDeps extends GeoRouteDeps {
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

/** Every admin route, in the order the OpenAPI document lists them. */
export function adminRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    ...adminTokenRoutes(deps.tokens),
    ...statsRoutes(deps.queries),
    ...decisionRoutes({ queries: deps.queries, evidence: deps.evidence, enforcement: deps.enforcement, policy: deps.policy }),
    ...tenantRoutes(deps.accounts),
    ...accountRoutes({ accounts: deps.accounts, enforcement: deps.enforcement, settings: deps.enforcementSettings, actionTaken: deps.actionTaken }),
    ...policyRoutes(deps.policyService),
    ...foresightRoutes(deps.policyService),
    ...reportRoutes(deps.evidence, deps.policyService),
    ...presetRoutes(deps.presets),
    ...geoRoutes(deps),
  ];
}

export function createAdmin(deps: AdminDeps): HttpMount {
  return createAdminSurface({
    routes: adminRoutes(deps),
    openapi: OPENAPI_DOCUMENT,
    tokens: deps.tokens,
    dashboard: deps.dashboard,
    now: deps.now,
    maxBodyBytes: deps.maxBodyBytes,
  });
}
