/**
 * What one admin route is, as data: method, path, the least role, what it takes (path parameters,
 * query, JSON body) and what it answers, each as a zod schema. The router validates requests with it,
 * the OpenAPI document is generated from it, and the dashboard reads its answer types from it.
 *
 * Everything under contract/ is pure (zod and the domain's vocabularies): the dashboard imports its
 * types, so nothing here may reach node APIs or server code.
 */
import type { z } from 'zod/v4';
import type { AdminRole } from '../../store/admin-token-port.js';

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The OpenAPI document's tags, in its order (descriptions in openapi.ts). */
export type AdminTag = 'session' | 'stats' | 'tenants' | 'accounts' | 'decisions' | 'policy' | 'reports' | 'geo' | 'data';

/** A JSON object schema whose fields are request inputs (path parameters, query parameters, body fields). */
export type InputSchema = z.ZodObject;

export interface Endpoint {
  readonly method: AdminMethod;
  /** An OpenAPI path template under `/admin/`, e.g. `/admin/keys/{id}/revoke`. */
  readonly path: `/admin/${string}`;
  /** The least role that may call it: `read` for queries, `admin` for anything that changes state. */
  readonly role: AdminRole;
  readonly summary: string;
  readonly tag: AdminTag;
  /** One field per `{name}` in the path (the router has decoded them; they are never empty). */
  readonly params?: InputSchema;
  /** The query string, first value of each name. */
  readonly query?: InputSchema;
  /** The JSON body (an object; an empty body is `{}`). Routes without one never read it. */
  readonly body?: InputSchema;
  /** The success status; 200 unless said. */
  readonly status?: 201;
  /** The success answer. Errors are the shared `Error` shape. */
  readonly response: z.ZodType;
}

/** A deep read-only view of a wire value: what handlers may give and the dashboard reads. */
export type Wire<T> = T extends readonly (infer U)[] ? readonly Wire<U>[] : T extends object ? { readonly [K in keyof T]: Wire<T[K]> } : T;

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
type Field<E extends Endpoint, K extends 'params' | 'query' | 'body'> = E extends { readonly [P in K]: infer S } ? Parsed<S> : Record<string, never>;

/** What a route takes, as validated and converted by its schemas. */
export interface EndpointInput<E extends Endpoint> {
  readonly params: Field<E, 'params'>;
  readonly query: Field<E, 'query'>;
  readonly body: Field<E, 'body'>;
}

/** What a route answers on success. */
export type Answer<E extends Endpoint> = Wire<z.output<E['response']>>;

/** What a client sends as the body (before the schema's conversions). */
export type RequestBody<E extends Endpoint> = E extends { readonly body: infer S extends z.ZodType } ? z.input<S> : never;
