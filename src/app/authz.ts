/**
 * The decision service (docs/decision-service.md): one use case behind `/authz/http` on the gateway's
 * port (`authz.http`) and Envoy's gRPC ext_authz on its own address (`authz.grpc`), opened with the
 * gateway and closed with it.
 */
import type { Config } from '../config/types.js';
import { createAuthorize, type Authorize, type GatewayDeps } from '../gateway/index.js';
import { startExtAuthzServer, type ExtAuthzServer } from '../grpc/index.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics } from '../observability/metrics.js';

export interface AuthzHandle {
  /** The use case for `/authz/http`; undefined when `authz.http` is off. */
  readonly http: Authorize | undefined;
  /** The gRPC port once listening; null when `authz.grpc` is off or not yet listening. */
  grpcPort(): number | null;
  listen(): Promise<void>;
  close(): Promise<void>;
}

export function buildAuthz(config: Config, deps: GatewayDeps, edge: { readonly logger: Logger; readonly metrics: GatewayMetrics; readonly newDecisionId: () => string }): AuthzHandle {
  const { http, grpc } = config.authz;
  const authorize = http || grpc !== null ? createAuthorize({ ...deps, paths: config.authz.paths }) : undefined;
  let server: ExtAuthzServer | null = null;
  return {
    http: http ? authorize : undefined,
    grpcPort: () => server?.port ?? null,
    async listen() {
      if (grpc === null || authorize === undefined || server !== null) return;
      server = await startExtAuthzServer({ authorize, ...edge }, grpc);
    },
    async close() {
      await server?.close();
      server = null;
    },
  };
}
