/**
 * Builds the admin API and dashboard from config: mounted on the gateway's server (the default), on
 * a server of their own (`admin.port`), or not at all (`admin.enabled: false`).
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAdmin, createAdminServerHandler, loadDashboardAssets, type AdminDeps, type EvidenceService, type PolicyService } from '../admin/index.js';
import type { Config } from '../config/types.js';
import type { EnforcementAction } from '../domain/enforcement.js';
import { createHttpServer, type HttpMount } from '../http/index.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import { applyPolicyVersion, compilePolicyText, livePolicy, reachOnRecords, rollbackPolicyVersion, simulateOnRecords, verifyAuditLog, type PolicyContext } from '../operations/index.js';
import { checkpointKeys } from './checkpoint-keys.js';
import type { OriginHandle } from './origin.js';
import type { DataHandle } from './data.js';
import type { PolicyHandle } from './policy.js';
import { policyContext, policySource } from './policy-context.js';

/** Built by `npm run build` (scripts/build-dashboard.mjs); the same path from src/ and from dist/. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));

export interface AdminHandle {
  /** Mounted on the gateway's server; empty when the admin API has its own port or is off. */
  readonly mounts: readonly HttpMount[];
  /** The separate admin server, or null. */
  readonly server: Server | null;
  /** The separate server's address once listening, else null. */
  address(): AddressInfo | null;
  listen(): Promise<void>;
  close(): Promise<void>;
}

export interface AdminParts {
  readonly store: Store;
  readonly origin: OriginHandle;
  /** Provenance of the data in use, for `GET /admin/data`. */
  readonly data: DataHandle;
  readonly policy: PolicyHandle;
  readonly now: () => number;
  readonly logger: Logger;
  readonly dashboardDir?: string;
  /** Told of every account action the admin API takes, once committed. */
  readonly actionTaken?: (action: EnforcementAction) => void;
  /** Served on the admin port beside the admin API when it has one (`/metrics`, `/readyz` with details). */
  readonly operations?: HttpMount;
}

export function buildAdmin(config: Config, parts: AdminParts): AdminHandle {
  if (!config.admin.enabled) return { mounts: [], server: null, address: () => null, listen: async () => {}, close: async () => {} };
  const mount = createAdmin(adminDeps(config, parts));
  const listen = config.admin.listen;
  if (listen === null) return { mounts: [mount], server: null, address: () => null, listen: async () => {}, close: async () => {} };
  const server = createHttpServer(createAdminServerHandler(mount, parts.logger, parts.operations ? [parts.operations] : []), config.server);
  return {
    mounts: [],
    server,
    address: () => (server.listening ? (server.address() as AddressInfo) : null),
    async listen() {
      server.listen(listen.port, listen.host);
      await once(server, 'listening');
    },
    async close() {
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/** Everything the admin routes use, bound to this app's adapters and services. */
export function adminDeps(config: Config, parts: AdminParts): AdminDeps {
  const ctx = policyContext(config);
  return {
    tokens: parts.store.adminTokens,
    accounts: parts.store.accounts,
    queries: parts.store.adminQueries,
    enforcement: parts.store.enforcement,
    enforcementSettings: config.enforcement,
    actionTaken: parts.actionTaken,
    evidence: evidenceService(config, parts.store),
    policyService: policyService(config, parts, ctx),
    geo: parts.origin.service,
    origin: (ip) => parts.origin.origin(ip),
    policy: () => parts.policy.current().compiled,
    providers: config.providers.map((p) => p.id),
    dashboard: loadDashboardAssets(parts.dashboardDir ?? DASHBOARD_DIR),
    now: parts.now,
    maxBodyBytes: config.server.maxBodyBytes,
    presets: ctx.presets,
    dataStatus: () => parts.data.refresh(),
    // Two processes starting together may both have logged an id: the entries are the same.
    dataVersion: async (id) => (await parts.data.explain(id))[0]?.sources ?? null,
  };
}

/** The policy operations, bound for the admin API. */
function policyService(config: Config, parts: AdminParts, ctx: PolicyContext): PolicyService {
  const source = policySource(config, parts.store, ctx);
  const foresight = { config, requests: parts.store.evidence.requests };
  return {
    versions: parts.store.evidence.policies,
    shadow: parts.store.evidence.shadow,
    countries: ctx.presets.countries,
    async live(at) {
      // The handle's policy is re-read from the store every second; ask the store only for another instant.
      const current = Math.abs(at - parts.now()) < 1000 ? parts.policy.current() : await livePolicy(source, at);
      return { compiled: current.compiled, version: current.version };
    },
    compile: (text, source) => compilePolicyText(text, source, ctx),
    apply: (input, at) => applyPolicyVersion(source, at, input),
    rollback: (id, input, at) => rollbackPolicyVersion(source, at, id, input),
    simulate: (baseline, candidate, range) => simulateOnRecords(foresight, { baseline, candidate }, range),
    reach: (policy, range) => reachOnRecords(foresight, policy, range),
  };
}

function evidenceService(config: Config, store: Store): EvidenceService {
  return {
    recordsOf: (requestId) => store.audit.findByRef(requestId),
    verify: () => verifyAuditLog(store, { keys: checkpointKeys(config) }),
    usage: store.evidence.usage,
  };
}
