/**
 * The admin API's route table: each endpoint of the contract (contract/) with its handler. A handler
 * gets its endpoint's inputs validated and converted (request.ts) and answers its success shape, which
 * the compiler checks against the endpoint's answer schema; errors are thrown CordonErrors. Matching
 * is by segments; templates are split once, when the table is built.
 */
import type { z } from 'zod/v4';
import type { AdminToken } from '../store/admin-token-port.js';
import type { AdminMethod, Endpoint, EndpointInput, Wire } from './contract/index.js';
import { readInput, type AdminRequest } from './request.js';

/** What a handler gets: its endpoint's inputs, validated and converted, the calling token, and the clock. */
export interface AdminInput<E extends Endpoint> extends EndpointInput<E> {
  readonly token: AdminToken;
  /** Epoch ms when the request arrived. */
  readonly at: number;
}

/** Answers its endpoint's success, or throws a CordonError. */
export type AdminHandler<E extends Endpoint> = (input: AdminInput<E>) => Promise<Wire<z.input<E['response']>>>;

/** One handler per endpoint of a group, under the same names: the compiler sees that none is missing. */
export type Handlers<T extends Readonly<Record<string, Endpoint>>> = { readonly [K in keyof T]: AdminHandler<T[K]> };

export interface AdminRoute {
  readonly endpoint: Endpoint;
  /** Validates the request's inputs, then answers the success body. */
  readonly handle: (req: AdminRequest) => Promise<unknown>;
}

/** The routes of a group of endpoints, in their order. */
export function routesOf<T extends Readonly<Record<string, Endpoint>>>(endpoints: T, handlers: Handlers<T>): AdminRoute[] {
  return Object.entries(endpoints).map(([name, endpoint]) => {
    const handler = handlers[name] as unknown as AdminHandler<Endpoint>;
    return { endpoint, handle: async (req) => handler({ ...(await readInput(endpoint, req)), token: req.token, at: req.at }) };
  });
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
    const id = `${route.endpoint.method} ${route.endpoint.path}`;
    if (seen.has(id)) throw new Error(`admin route ${id} is listed twice`);
    seen.add(id);
    return { route, segments: route.endpoint.path.split('/') };
  });

  return function match(method: string, path: string): RouteMatch {
    const parts = path.split('/');
    const allowed: AdminMethod[] = [];
    for (const c of compiled) {
      const params = matchSegments(c.segments, parts);
      if (params === null) continue;
      if (c.route.endpoint.method === method) return { kind: 'found', route: c.route, params };
      allowed.push(c.route.endpoint.method);
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
