/**
 * The HTTP edge: one node:http server, a literal route table, a decision id on every response, and
 * OpenAI-shaped errors for anything that goes wrong. No framework on the hot path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { CordonError } from '../errors/index.js';
import type { Logger } from '../observability/logger.js';
import { ClientGone } from './body.js';
import { createAuthzRoute, isAuthzHttpPath } from './authz-route.js';
import type { Authorize } from '../gateway/index.js';
import { createOpenAiRoutes, PROXIED_PATHS, type OpenAiRouteDeps } from './openai-routes.js';
import { DECISION_ID_HEADER, sendError, sendJson } from './respond.js';
import { boundUnreadBody, type LingerBound } from './unread-body.js';
import { sendMetrics, sendReadiness } from './operations.js';
import type { HttpMount, Readiness } from './surfaces.js';

export type { HttpMount, Readiness };

export interface HttpDeps extends OpenAiRouteDeps {
  readonly newDecisionId: () => string;
  readonly readiness: () => Readiness;
  readonly logger: Logger;
  readonly mounts?: readonly HttpMount[];
  /**
   * Where `/metrics` and `/readyz`'s details are served: `here` (the callers' port; details to an admin
   * token), or `admin-port` (this port answers 404 for `/metrics` and readiness without details).
   */
  readonly operations: { readonly where: 'here' | 'admin-port'; readonly isOperator: (authorization: string | undefined) => Promise<boolean> };
  /** How much of a body nobody reads may still arrive after the answer (`server.linger_ms`, `max_body_bytes`). */
  readonly linger: LingerBound;
  /** The decision service's `/authz/http` (`authz.http`); absent: that path is unknown. */
  readonly authorize?: Authorize;
}

export function createRequestHandler(deps: HttpDeps) {
  const openai = createOpenAiRoutes(deps);
  const mounts = deps.mounts ?? [];
  const authz = deps.authorize ? createAuthzRoute({ authorize: deps.authorize, logger: deps.logger, metrics: deps.metrics }) : null;

  async function route(req: IncomingMessage, res: ServerResponse, socketIp: string): Promise<void> {
    const path = pathOf(req.url);
    const proxied = PROXIED_PATHS[path];
    if (proxied) {
      if (req.method !== 'POST') throw new CordonError('caller_method_not_allowed', { method: req.method ?? '?', path });
      return openai.proxied(req, res, proxied, socketIp);
    }
    if (authz && isAuthzHttpPath(path)) return authz(req, res, path, socketIp);
    const mount = mounts.find((m) => m.matches(path));
    if (mount) return mount.handle(req, res, path);
    boundUnreadBody(req, res, deps.linger);
    switch (path) {
      case '/v1/models':
        if (req.method !== 'GET') throw new CordonError('caller_method_not_allowed', { method: req.method ?? '?', path });
        return openai.models(req, res, socketIp);
      case '/metrics':
        if (deps.operations.where !== 'here') throw new CordonError('caller_not_found', { method: req.method ?? '?', path });
        return sendMetrics(res, deps.metrics.registry);
      case '/healthz':
        return sendJson(res, 200, { status: 'ok' });
      case '/readyz': {
        const details = deps.operations.where === 'here' && req.headers.authorization !== undefined && (await deps.operations.isOperator(req.headers.authorization));
        return sendReadiness(res, deps.readiness(), details);
      }
      default:
        throw new CordonError('caller_not_found', { method: req.method ?? '?', path });
    }
  }

  return function handle(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader(DECISION_ID_HEADER, deps.newDecisionId());
    const socketIp = req.socket.remoteAddress ?? '';
    route(req, res, socketIp).catch((err: unknown) => {
      if (err instanceof ClientGone || (!(err instanceof CordonError) && res.destroyed)) {
        // The caller left (mid-body, or while the upstream was answering): expected, and nobody to answer.
        deps.logger.log('info', 'request aborted by the client', { decision_id: res.getHeader(DECISION_ID_HEADER), path: pathOf(req.url), reason: err instanceof Error ? err.message : String(err) });
        return;
      }
      if (!(err instanceof CordonError)) {
        deps.logger.log('error', 'unhandled error', { decision_id: res.getHeader(DECISION_ID_HEADER), error: err instanceof Error ? err.stack : String(err) });
      }
      sendError(res, err);
      // An answer before the whole body (an early 401, a 413): the rest is bounded, not drained.
      boundUnreadBody(req, res, deps.linger);
    });
  };
}

export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * How long the edge waits on a caller, and how many callers it holds at once (`server:` in the config,
 * docs/limits.md). Without them a client that sends headers and then nothing holds its socket forever.
 */
export interface ServerLimits {
  /** From the first byte of a request to its last header. */
  readonly headersTimeoutMs: number;
  /** From the first byte of a request to the last byte of its body. */
  readonly requestTimeoutMs: number;
  /** An idle connection between two requests. */
  readonly keepAliveTimeoutMs: number;
  /** Sockets held at once; a connection beyond it is closed at once, before any byte is read. */
  readonly maxConnections: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 65_000, maxConnections: 1024 };

/** Node checks the two request timeouts on an interval; a quarter of the shorter keeps the overshoot small. */
function checkingIntervalMs(limits: ServerLimits): number {
  return Math.max(10, Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
}

export function createHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => void, limits: ServerLimits = DEFAULT_SERVER_LIMITS, onDrop: () => void = () => {}): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  server.on('drop', onDrop);
  server.on('clientError', answerClientError);
  return server;
}

/**
 * A request the parser refused, or one that ran out of time: a bare status if nothing has been written
 * on the socket yet (408 for a timeout, 431 for oversized headers, 400 otherwise), then the socket closes.
 */
function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code !== 'ECONNRESET' && socket.writable && (socket as Socket).bytesWritten === 0) {
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.write(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  }
  socket.destroy();
}
