/**
 * The composition root: builds every adapter and service from config and passes them in. No other
 * module constructs adapters; tests swap parts through `AppOverrides`.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/types.js';
import { createListModels, createProxy, type PolicyDecider } from '../gateway/index.js';
import { createHttpServer, createRequestHandler, type Readiness } from '../http/index.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { createMetrics, type GatewayMetrics } from '../observability/metrics.js';
import { createProviders, type Provider } from '../providers/index.js';
import { buildRouteTable } from '../routing/index.js';
import { openStore, type Store } from '../store/index.js';
import { openGeo, type GeoHandle } from './geo.js';
import { loadPolicy, type PolicyHandle } from './policy.js';

export interface AppOverrides {
  readonly now?: () => number;
  readonly logger?: Logger;
  /** Replaces the providers built from config (tests inject fakes here). */
  readonly providers?: ReadonlyMap<string, Provider>;
  readonly newDecisionId?: () => string;
  /** Process metrics (CPU, memory, event loop) in /metrics; tests turn them off. */
  readonly defaultMetrics?: boolean;
}

export interface App {
  readonly config: Config;
  readonly server: Server;
  readonly store: Store;
  readonly geo: GeoHandle;
  readonly policy: PolicyHandle;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly metrics: GatewayMetrics;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const now = overrides.now ?? Date.now;
  const logger = overrides.logger ?? silentLogger;
  const store = await openStore(config.storeUrl, { clock: { now } });
  const geo = await openGeo(config, logger);
  let policy: PolicyHandle;
  try {
    policy = loadPolicy(config);
  } catch (err) {
    await Promise.all([store.close(), geo.close()]);
    throw err;
  }
  const providers = overrides.providers ?? createProviders(config.providers, now);
  const metrics = createMetrics({ defaultMetrics: overrides.defaultMetrics ?? true });
  const routes = buildRouteTable(config.models);
  const deps = {
    accounts: store.accounts,
    origin: geo.originResolver,
    policy: (): PolicyDecider => policy.current(),
    routes,
    providers,
    now,
  };
  const handler = createRequestHandler({
    proxy: createProxy(deps),
    listModels: createListModels(deps),
    maxBodyBytes: config.server.maxBodyBytes,
    logger,
    simulatedProviders: new Set([...providers.values()].filter((p) => p.simulated).map((p) => p.id)),
    newDecisionId: overrides.newDecisionId ?? (() => `dec_${randomUUID().replaceAll('-', '')}`),
    readiness: () => readiness(geo),
    metrics,
  });
  const server = createHttpServer(handler);

  return {
    config,
    server,
    store,
    geo,
    policy,
    providers,
    metrics,
    async listen(port = config.server.port, host = config.server.host) {
      server.listen(port, host);
      await once(server, 'listening');
      return server.address() as AddressInfo;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.allSettled([...providers.values()].map((p) => p.close()));
      await geo.close();
      await store.close();
    },
  };
}

function readiness(geo: GeoHandle): Readiness {
  const g = geo.readiness();
  return { ready: g.ok, checks: { geo: g, store: { ok: true } } };
}
