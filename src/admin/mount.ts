/**
 * The admin mount: the HTTP handler of `/admin/…` (JSON, bearer admin tokens, roles) and `/dashboard`
 * (static files). Mounted on the gateway's server, or served alone on the admin port
 * (`createAdminServerHandler`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CordonError } from '../errors/index.js';
import type { HttpMount } from '../http/index.js';
import { pathOf } from '../http/index.js';
import { sendError, sendJson } from '../http/respond.js';
import type { Logger } from '../observability/logger.js';
import type { AdminTokenStore } from '../store/admin-token-port.js';
import { authenticateAdmin, mayUse } from './auth.js';
import type { DashboardAssets } from './dashboard-assets.js';
import { createAdminRequest } from './request.js';
import { compileRoutes, type AdminRoute } from './router.js';

export const OPENAPI_PATH = '/admin/openapi.json';

export interface AdminMountDeps {
  readonly routes: readonly AdminRoute[];
  readonly openapi: unknown;
  readonly tokens: AdminTokenStore;
  readonly dashboard: DashboardAssets;
  readonly now: () => number;
  readonly maxBodyBytes: number;
}

const NO_STORE = { 'cache-control': 'no-store' };
const DASHBOARD_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function createAdminMount(deps: AdminMountDeps): HttpMount {
  const match = compileRoutes(deps.routes);
  const openapiBody = JSON.stringify(deps.openapi);

  async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (path === OPENAPI_PATH && method === 'GET') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(openapiBody), ...NO_STORE });
      res.end(openapiBody);
      return;
    }
    const token = await authenticateAdmin(deps.tokens, req.headers.authorization);
    const found = match(method, path);
    if (found.kind === 'none') throw new CordonError('caller_admin_not_found', { detail: `No admin route ${method} ${path}; see ${OPENAPI_PATH}.` });
    if (found.kind === 'wrong_method') {
      res.setHeader('allow', found.allowed.join(', '));
      throw new CordonError('caller_method_not_allowed', { method, path });
    }
    const { endpoint } = found.route;
    if (!mayUse(token.role, endpoint.role)) throw new CordonError('caller_admin_forbidden', { method, path: endpoint.path });
    const query = new URL(req.url ?? '/', 'http://admin.invalid').searchParams;
    const request = createAdminRequest(req, { params: found.params, query, token, at: deps.now(), maxBodyBytes: deps.maxBodyBytes });
    const body = await found.route.handle(request);
    if (!req.readableEnded) req.resume();
    sendJson(res, endpoint.status ?? 200, body, NO_STORE);
  }

  function dashboard(req: IncomingMessage, res: ServerResponse, path: string): void {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new CordonError('caller_method_not_allowed', { method: req.method ?? '?', path });
    if (path === '/dashboard') {
      res.writeHead(308, { location: '/dashboard/', 'content-length': 0 });
      res.end();
      return;
    }
    if (!deps.dashboard.built) {
      const text = `The dashboard has not been built: run "npm run build" (it writes ${deps.dashboard.dir}).\n`;
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const name = path === '/dashboard/' ? 'index.html' : path.slice('/dashboard/'.length);
    const asset = deps.dashboard.files.get(name);
    if (asset === undefined) throw new CordonError('caller_not_found', { method: req.method, path });
    const cache = name === 'index.html' ? 'no-cache' : 'public, max-age=300';
    res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': cache, ...DASHBOARD_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  }

  return {
    matches: (path) => path === '/admin' || path.startsWith('/admin/') || path === '/dashboard' || path.startsWith('/dashboard/'),
    async handle(req, res, path) {
      if (path.startsWith('/dashboard')) return dashboard(req, res, path);
      return api(req, res, path);
    },
  };
}

/**
 * The handler of the separate admin server: the admin mount, the other operator mounts given
 * (`/metrics`, `/readyz` with details), and 404 for everything else.
 */
export function createAdminServerHandler(adminMount: HttpMount, logger: Logger, others: readonly HttpMount[] = []): (req: IncomingMessage, res: ServerResponse) => void {
  const mounts = [adminMount, ...others];
  return function handleAdmin(req, res) {
    const path = pathOf(req.url);
    const mount = mounts.find((m) => m.matches(path));
    const run = mount !== undefined
      ? mount.handle(req, res, path)
      : Promise.reject(new CordonError('caller_not_found', { method: req.method ?? '?', path }));
    run.catch((err: unknown) => {
      if (!(err instanceof CordonError)) logger.log('error', 'unhandled admin error', { path, error: err instanceof Error ? err.stack : String(err) });
      req.resume();
      sendError(res, err);
    });
  };
}
