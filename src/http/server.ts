/**
 * The HTTP edge: one node:http server, a literal route table, a decision id on every response, and
 * errors in the caller's protocol's shape (OpenAI's, or Anthropic's on the Messages API) for anything
 * that goes wrong. No framework on the hot path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CordonError } from '../errors/index.js';
import type { Logger } from '../observability/logger.js';
import { callerProtocol, MESSAGES_PATHS } from './messages-routes.js';
import { createOpenAiRoutes, PROXIED_PATHS, type OpenAiRouteDeps } from './openai-routes.js';
import { DECISION_ID_HEADER, sendError, sendJson } from './respond.js';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}

/** Another surface served on the same port under its own paths (the admin API and dashboard). */
export interface HttpMount {
  matches(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

export interface HttpDeps extends OpenAiRouteDeps {
  readonly newDecisionId: () => string;
  readonly readiness: () => Readiness;
  readonly logger: Logger;
  readonly mounts?: readonly HttpMount[];
}

export function createRequestHandler(deps: HttpDeps) {
  const openai = createOpenAiRoutes(deps);
  const mounts = deps.mounts ?? [];

  async function route(req: IncomingMessage, res: ServerResponse, socketIp: string): Promise<void> {
    const path = pathOf(req.url);
    const proxied = PROXIED_PATHS[path] ?? MESSAGES_PATHS[path];
    if (proxied) {
      if (req.method !== 'POST') throw new CordonError('caller_method_not_allowed', { method: req.method ?? '?', path });
      return openai.proxied(req, res, proxied, socketIp);
    }
    const mount = mounts.find((m) => m.matches(path));
    if (mount) return mount.handle(req, res, path);
    req.resume();
    switch (path) {
      case '/v1/models':
        if (req.method !== 'GET') throw new CordonError('caller_method_not_allowed', { method: req.method ?? '?', path });
        return openai.models(req, res, socketIp, callerProtocol(path, req.headers));
      case '/metrics': {
        const body = await deps.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
        res.end(body);
        return;
      }
      case '/healthz':
        return sendJson(res, 200, { status: 'ok' });
      case '/readyz': {
        const r = deps.readiness();
        return sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not_ready', checks: r.checks });
      }
      default:
        throw new CordonError('caller_not_found', { method: req.method ?? '?', path });
    }
  }

  return function handle(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader(DECISION_ID_HEADER, deps.newDecisionId());
    const socketIp = req.socket.remoteAddress ?? '';
    route(req, res, socketIp).catch((err: unknown) => {
      if (!(err instanceof CordonError)) {
        deps.logger.log('error', 'unhandled error', { decision_id: res.getHeader(DECISION_ID_HEADER), error: err instanceof Error ? err.stack : String(err) });
      }
      sendError(res, err, callerProtocol(pathOf(req.url), req.headers));
    });
  };
}

export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function createHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 30_000 }, handler);
  // A malformed request line or headers gets a plain 400 instead of an unhandled error.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
