/**
 * The admin API's route table: literal entries of method, OpenAPI path template (`/admin/keys/{id}`)
 * and the role they need. They are described (summaries, parameters, answers) in the hand-written
 * OpenAPI document (openapi.ts), and a test checks that the two agree. Matching is by segments; templates are split once, when the table is built.
 */
import type { z } from 'zod/v4';
import type { AdminRole, AdminToken } from '../store/admin-token-port.js';
import type { Endpoint, EndpointInput, Wire } from './contract/endpoint.js';
import { readInput, type AdminRequest } from './request.js';

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a handler answers: a JSON value and its status (200 unless said). */
export interface AdminReply {
  readonly status?: number;
  readonly body: unknown;
}

export interface AdminRoute {
  readonly method: AdminMethod;
  /** An OpenAPI path template under `/admin/`, e.g. `/admin/decisions/{id}`. */
  readonly path: string;
  /** The least role that may call it: `read` for queries, `admin` for anything that changes state. */
  readonly role: AdminRole;
  readonly handle: (req: AdminRequest) => Promise<AdminReply>;
}

/** What a handler gets: its endpoint's inputs, validated and converted, the calling token, and the clock. */
export interface AdminInput<E extends Endpoint> extends EndpointInput<E> {
  readonly token: AdminToken;
  /** Epoch ms when the request arrived. */
  readonly at: number;
}

/** Answers its endpoint's success, or throws a CordonError. */
export type AdminHandler<E extends Endpoint> = (input: AdminInput<E>) => Promise<Wire<z.input<E['response']>>>;

/** A route: the endpoint's definition and its handler, which gets the validated input. */
export function route<E extends Endpoint>(endpoint: E, handle: AdminHandler<E>): AdminRoute {
  return {
    method: endpoint.method,
    path: endpoint.path,
    role: endpoint.role,
    async handle(req) {
      const input = await readInput(endpoint, req);
      return { status: endpoint.status ?? 200, body: await handle({ ...input, token: req.token, at: req.at }) };
    },
  };
}

interface CompiledRoute {
  readonly route: AdminRoute;
  readonly segments: readonly string[];
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: AdminRoute; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'wrong_method'; readonly allowed: readonly AdminMethod[] }
  | { readonly kind: 'none' };

export function compileRoutes(routes: readonly AdminRoute[]): (method: string, path: string) => RouteMatch {
  const seen = new Set<string>();
  const compiled: CompiledRoute[] = routes.map((route) => {
    const id = `${route.method} ${route.path}`;
    if (seen.has(id)) throw new Error(`admin route ${id} is listed twice`);
    seen.add(id);
    return { route, segments: route.path.split('/') };
  });

  return function match(method: string, path: string): RouteMatch {
    const parts = path.split('/');
    const allowed: AdminMethod[] = [];
    for (const c of compiled) {
      const params = matchSegments(c.segments, parts);
      if (params === null) continue;
      if (c.route.method === method) return { kind: 'found', route: c.route, params };
      allowed.push(c.route.method);
    }
    return allowed.length > 0 ? { kind: 'wrong_method', allowed } : { kind: 'none' };
  };
}

function matchSegments(template: readonly string[], parts: readonly string[]): Record<string, string> | null {
  if (template.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const p = parts[i] as string;
    if (t.startsWith('{') && t.endsWith('}')) {
      if (p === '') return null;
      const value = safeDecode(p);
      if (value === null) return null;
      params[t.slice(1, -1)] = value;
    } else if (t !== p) {
      return null;
    }
  }
  return params;
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
