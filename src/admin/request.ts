/**
 * An admin request, and its inputs validated against its endpoint's schemas: a bad one is
 * `admin_invalid_request` with `param` naming the field (`candidate.document` inside a body object).
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod/v4';
import { CordonError } from '../errors/index.js';
import { readJsonBody } from '../http/body.js';
import type { AdminToken } from '../store/admin-token-port.js';
import type { Endpoint, EndpointInput, InputSchema } from './contract/endpoint.js';

export interface AdminRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly token: AdminToken;
  /** Epoch ms when the request arrived. */
  readonly at: number;
  /** The JSON object body; an empty body is `{}`. */
  body(): Promise<Record<string, unknown>>;
}

export function createAdminRequest(req: IncomingMessage, input: { params: Readonly<Record<string, string>>; query: URLSearchParams; token: AdminToken; at: number; maxBodyBytes: number }): AdminRequest {
  let body: Promise<Record<string, unknown>> | null = null;
  return {
    params: input.params,
    query: input.query,
    token: input.token,
    at: input.at,
    body() {
      body ??= readBody(req, input.maxBodyBytes);
      return body;
    },
  };
}

/** The admin API takes Cordon's own shapes (a policy document nests a handful of levels): far below this. */
const ADMIN_MAX_JSON_DEPTH = 64;

async function readBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const length = req.headers['content-length'];
  if (length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined)) {
    req.resume();
    return {};
  }
  return (await readJsonBody(req, { maxBytes: limit, maxDepth: ADMIN_MAX_JSON_DEPTH })).value;
}

/** Validates and converts what `endpoint` takes: path parameters, then the query, then the body (read only when it has one). */
export async function readInput<E extends Endpoint>(endpoint: E, req: AdminRequest): Promise<EndpointInput<E>> {
  const query: Record<string, string> = {};
  for (const [name, value] of req.query) query[name] ??= value;
  return {
    params: parse(endpoint.params, req.params),
    query: parse(endpoint.query, query),
    body: endpoint.body ? parse(endpoint.body, await req.body()) : {},
  } as EndpointInput<E>;
}

function parse(schema: InputSchema | undefined, value: Readonly<Record<string, unknown>>): unknown {
  if (schema === undefined) return {};
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = telling(result.error.issues[0] as z.core.$ZodIssue);
  const param = issue.path.join('.');
  // Absent and null alike: a field that may be left out accepts both, so this one is required.
  const missing = issue.input === undefined || issue.input === null;
  throw invalid(param, missing ? `${param} is required.` : `${param}: ${issue.message}`);
}

/**
 * The issue to tell the caller. For a value that matches none of a union's forms: the issue inside
 * the form whose shape it has (a field present but wrong), else the union's own message.
 */
function telling(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  for (const option of issue.errors) {
    if (option.some((i) => i.path.length === 0)) continue;
    const wrong = option.find((i) => i.input !== undefined);
    if (wrong) {
      const inner = telling(wrong);
      return { ...inner, path: [...issue.path, ...inner.path] };
    }
  }
  return issue;
}

export function invalid(param: string, detail: string): CordonError {
  return new CordonError('caller_admin_invalid_request', { detail }, { param });
}

export function notFound(detail: string): CordonError {
  return new CordonError('caller_admin_not_found', { detail });
}

interface Period {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/** [from, to) from a parsed `from`/`to`, by default the last `defaultHours` hours before `now`; `from` must come first. */
export function period(query: Period, now: number, defaultHours = 24): { from: number; to: number } {
  const to = query.to ?? now;
  const from = query.from ?? to - defaultHours * 3_600_000;
  if (from >= to) throw invalid('from', '`from` must be before `to`.');
  return { from, to };
}

/** [from, to) from a parsed `from`/`to`, by default the last `days` days, now included. */
export function lastDays(query: Period, at: number, days = 30): { from: number; to: number } {
  return { from: query.from ?? at - days * 86_400_000, to: query.to ?? at + 1 };
}
