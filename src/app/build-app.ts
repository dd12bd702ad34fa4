/**
 * The composition root: builds every adapter and service from config and passes them in. No other
 * module constructs adapters; tests swap parts through `AppOverrides`.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requireSecrets } from '../config/secret.js';
import type { Config } from '../config/types.js';
import { createIdentifyCaller, createListModels, createProxy, type PolicyDecider } from '../gateway/index.js';
import { createHttpServer, createOperationsMount, createRequestHandler, newDecisionId, type Readiness } from '../http/index.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { createMetrics, registerAuditJournalMetric, type GatewayMetrics } from '../observability/metrics.js';
import { createProviders, type Provider } from '../providers/index.js';
import { buildRouteTable } from '../routing/index.js';
import { openStore, type Store } from '../store/index.js';
import { authenticateAdmin } from '../admin/index.js';
import { buildAdmin, type AdminHandle } from './admin.js';
import { buildAuthz, type AuthzHandle } from './authz.js';
import { openEnforcement, type EnforcementHandle } from './enforcement.js';
import { openOrigin, type OriginHandle } from './origin.js';
import { openData, type DataHandle } from './data.js';
import { registerDataMetrics } from '../observability/data-metrics.js';
import { createHealthMonitor, type HealthMonitor } from './health.js';
import { openHotState, type HotStateHandle } from './hot-state.js';
import { openEvidence } from './recorder.js';
import { openPolicy, type PolicyHandle } from './policy.js';

export interface AppOverrides {
  readonly now?: () => number;
  readonly logger?: Logger;
  /** Replaces the providers built from config (tests inject fakes here). */
  readonly providers?: ReadonlyMap<string, Provider>;
  readonly newDecisionId?: () => string;
  /** Process metrics (CPU, memory, event loop) in /metrics; tests turn them off. */
  readonly defaultMetrics?: boolean;
  /** Background loops (webhook delivery); tests turn them off and drive them by hand. */
  readonly background?: boolean;
  /** Where the dashboard's built files are (default: dashboard/dist of this package). */
  readonly dashboardDir?: string;
}

export interface App {
  readonly config: Config;
  readonly server: Server;
  readonly store: Store;
  readonly origin: OriginHandle;
  /** Provenance of the data in use, and its updater (docs/data.md). */
  readonly data: DataHandle;
  readonly policy: PolicyHandle;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly metrics: GatewayMetrics;
  readonly enforcement: EnforcementHandle;
  /** The admin API and dashboard (`admin.address()` is their own port's, when configured). */
  readonly admin: AdminHandle;
  /** The decision service (`/authz/http`, Envoy's gRPC ext_authz on its own port). */
  readonly authz: AuthzHandle;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  // The gateway uses every configured secret: a missing one fails here, before anything opens.
  requireSecrets(config);
  const now = overrides.now ?? Date.now;
  const logger = overrides.logger ?? silentLogger;
  const store = await openStore(config.storeUrl, { clock: { now }, synchronous: config.audit.synchronous, auditJournal: config.audit.journal, logger });
  const origin = await openOrigin(config, logger);
  let policy: PolicyHandle;
  try {
    policy = await openPolicy(config, store, { now, logger, poll: overrides.background ?? true });
  } catch (err) {
    await Promise.all([store.close(), origin.close()]);
    throw err;
  }
  const metrics = createMetrics({ defaultMetrics: overrides.defaultMetrics ?? true });
  const data = await openData(config, origin, logger, { background: overrides.background ?? true, presets: policy.presets });
  registerDataMetrics(metrics.registry, () => data.snapshot().rows);
  if (store.unsealedAuditBytes !== undefined) registerAuditJournalMetric(metrics.registry, store.unsealedAuditBytes);
  const hotState = await openHotState(config.hotState, logger);
  const enforcement = await openEnforcement(config, store, logger, { now, background: overrides.background ?? true, hot: hotState.hot, lists: () => origin.lists.current(), metrics });
  const storeHealth = createHealthMonitor({ name: 'store', probe: () => probeStore(store), logger, background: overrides.background ?? true });
  // Another instance (or the CLI) applied a policy or set a shadow policy: reload now, not at the next poll.
  const unsubscribe = store.changes?.subscribe((change) => {
    if (change.topic === 'key') return;
    policy.refresh().catch((err: unknown) => logger.log('error', 'policy refresh failed; keeping the current policy', { error: String(err) }));
  });
  const providers = overrides.providers ?? createProviders(config.providers, now);
  const evidence = openEvidence(config, store, policy, { now, logger, metrics, background: overrides.background ?? true, dataVersion: () => data.snapshot().version ?? undefined });
  const routes = buildRouteTable(config.models);
  const deps = {
    accounts: store.accounts,
    origin: origin.originResolver,
    policy: (): PolicyDecider => policy.current(),
    routes,
    providers,
    now,
    enforcer: enforcement.enforcer,
    attestation: enforcement.attestation,
    evidence: evidence.recorder,
    safetyIdentifiers: config.safetyIdentifiers,
  };
  const ready = () => readiness(origin, storeHealth, hotState, store, data);
  const admin = buildAdmin(config, {
    operations: createOperationsMount({ registry: metrics.registry, readiness: ready }),
    store,
    origin,
    data,
    policy,
    now,
    logger,
    dashboardDir: overrides.dashboardDir,
    actionTaken: (action) => {
      metrics.action(action.kind, 'operator');
      enforcement.webhooks?.kick();
    },
  });
  const newId = overrides.newDecisionId ?? (() => newDecisionId());
  const authz = buildAuthz(config, deps, { logger, metrics, newDecisionId: newId });
  const handler = createRequestHandler({
    identify: createIdentifyCaller(deps),
    proxy: createProxy(deps),
    listModels: createListModels(deps),
    body: { maxBytes: config.server.maxBodyBytes, maxDepth: config.server.maxJsonDepth },
    linger: { ms: config.server.lingerMs, bytes: config.server.maxBodyBytes },
    logger,
    simulatedProviders: new Set([...providers.values()].filter((p) => p.simulated).map((p) => p.id)),
    newDecisionId: newId,
    readiness: ready,
    operations: { where: admin.server === null ? 'here' : 'admin-port', isOperator: (authorization) => isOperator(config, store, authorization) },
    metrics,
    mounts: admin.mounts,
    authorize: authz.http,
  });
  const server = createHttpServer(handler, config.server, () => metrics.connectionDropped());

  return {
    config,
    server,
    store,
    origin,
    data,
    policy,
    providers,
    metrics,
    enforcement,
    admin,
    authz,
    async listen(port = config.server.port, host = config.server.host) {
      server.listen(port, host);
      await once(server, 'listening');
      await admin.listen();
      await authz.listen();
      return server.address() as AddressInfo;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await admin.close();
      await authz.close();
      await Promise.allSettled([...providers.values()].map((p) => p.close()));
      await enforcement.close();
      await hotState.close();
      await evidence.close();
      storeHealth.close();
      unsubscribe?.();
      policy.close();
      await data.close();
      await origin.close();
      await store.close();
    },
  };
}

/** A caller holding a valid admin token (either role) sees `/readyz`'s details on the shared port. */
async function isOperator(config: Config, store: Store, authorization: string | undefined): Promise<boolean> {
  if (!config.admin.enabled) return false;
  try {
    await authenticateAdmin(store.adminTokens, authorization);
    return true;
  } catch {
    return false;
  }
}

/** The store answers a read and takes a write: without writes every allowed request is refused (audit_unavailable). */
async function probeStore(store: Store): Promise<void> {
  await store.accounts.getTenant('ten_readiness_probe');
  try {
    await store.probeWrite();
  } catch (err) {
    throw new Error(`cannot take a write: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Ready when geo data is loaded and the store answers: without the store no request can be
 * authenticated or recorded. The hot state does not decide readiness — while Redis is away this
 * instance counts in process and keeps serving — but its check says so (docs/scale-out.md).
 */
function readiness(origin: OriginHandle, store: HealthMonitor, hot: HotStateHandle, open: Store, data: DataHandle): Readiness {
  const g = origin.readiness();
  const s = store.result();
  // Stale data is a warning (`data.ok: false`), not unreadiness: old data still answers, and taking every instance out would answer nothing.
  const checks: Record<string, { ok: boolean; detail?: string }> = { geo: g, store: s, hot_state: hot.health(), data: data.readiness() };
  if (open.changes !== undefined) {
    checks.store_changes = open.changes.connected
      ? { ok: true, detail: 'listening' }
      : { ok: false, detail: 'change feed reconnecting; changes from other instances apply at the next one-second poll' };
  }
  return { ready: g.ok && s.ok, checks };
}
