/**
 * The operator's endpoints: `/metrics` (Prometheus) and `/readyz`. Their details name backends and what
 * failed, so callers see only readiness itself; the details go to the admin port when one is configured
 * (`createOperationsMount`), or to a caller with an admin token on the shared port (docs/limits.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { HttpMount, Readiness } from './surfaces.js';
import { sendJson } from './respond.js';

export interface OperationsDeps {
  readonly registry: Registry;
  readonly readiness: () => Readiness;
}

export async function sendMetrics(res: ServerResponse, registry: Registry): Promise<void> {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}

/** With `details`, every check with its detail; without, each check's name and ok alone. */
export function sendReadiness(res: ServerResponse, r: Readiness, details: boolean): void {
  const checks = details ? r.checks : Object.fromEntries(Object.entries(r.checks).map(([name, c]) => [name, { ok: c.ok }]));
  sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not_ready', checks }, { 'cache-control': 'no-store' });
}

/** `/metrics` and `/readyz` with details, for the admin server (reachable by the operator only). */
export function createOperationsMount(deps: OperationsDeps): HttpMount {
  return {
    matches: (path) => path === '/metrics' || path === '/readyz',
    async handle(req: IncomingMessage, res: ServerResponse, path: string) {
      req.resume();
      if (path === '/metrics') return sendMetrics(res, deps.registry);
      return sendReadiness(res, deps.readiness(), true);
    },
  };
}
