/**
 * What a handler gets: path parameters, the query, the JSON body on demand, the token that called,
 * and the clock. Parsing helpers turn bad input into `admin_invalid_request` naming the parameter.
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod/v4';
import { CordonError } from '../errors/index.js';
import { readJsonBody } from '../http/body.js';
import { parseInstant } from '../policy/index.js';
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

async function readBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const length = req.headers['content-length'];
  if (length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined)) {
    req.resume();
    return {};
  }
  return (await readJsonBody(req, limit)).value;
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
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
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

/** An instant from the query: ISO date or date-time; `fallback` when absent. */
export function queryInstant(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const at = parseInstant(raw);
  if (at === null) throw invalid(name, `${name}: expected an ISO date such as 2025-06-30 or a date-time with a zone such as 2025-06-30T12:00:00Z, got "${raw}".`);
  return at;
}

/** An instant from a JSON body field (same forms as the query); `fallback` when absent or null. */
export function bodyInstant(body: Record<string, unknown>, name: string, fallback: number): number {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  return queryInstant(new URLSearchParams({ [name]: typeof value === 'string' ? value : JSON.stringify(value) }), name, fallback);
}

/** A period [from, to) from parsed `from`/`to`, by default the last `defaultHours` hours before `now`. */
export function period(query: { readonly from?: number | undefined; readonly to?: number | undefined }, now: number, defaultHours = 24): { from: number; to: number } {
  const to = query.to ?? now;
  const from = query.from ?? to - defaultHours * 3_600_000;
  if (from >= to) throw invalid('from', '`from` must be before `to`.');
  return { from, to };
}

/** A period [from, to) from `from`/`to`, by default the last `defaultHours` hours before `now`. */
export function queryPeriod(query: URLSearchParams, now: number, defaultHours = 24): { from: number; to: number } {
  const to = queryInstant(query, 'to', now);
  const from = queryInstant(query, 'from', to - defaultHours * 3_600_000);
  if (from >= to) throw invalid('from', '`from` must be before `to`.');
  return { from, to };
}

export function queryInt(query: URLSearchParams, name: string, fallback: number, range: { min: number; max: number }): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < range.min || n > range.max) throw invalid(name, `${name}: expected a whole number from ${range.min} to ${range.max}, got "${raw}".`);
  return n;
}

/** An ISO 3166-1 alpha-2 code, upper-cased; null when absent. */
export function queryCountry(query: URLSearchParams, name = 'country'): string | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  return country(raw, name);
}

export function country(raw: string, name: string): string {
  if (!/^[A-Za-z]{2}$/.test(raw.trim())) throw invalid(name, `${name}: expected a two-letter ISO 3166-1 alpha-2 code such as DE, got "${raw}".`);
  return raw.trim().toUpperCase();
}

export function queryEnum<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  if (!(values as readonly string[]).includes(raw)) throw invalid(name, `${name}: expected one of ${values.join(', ')}, got "${raw}".`);
  return raw as T;
}

/** A required non-empty string field of a JSON body. */
export function bodyString(body: Record<string, unknown>, name: string, options: { optional: true; max?: number }): string | null;
export function bodyString(body: Record<string, unknown>, name: string, options?: { optional?: false; max?: number }): string;
export function bodyString(body: Record<string, unknown>, name: string, options: { optional?: boolean; max?: number } = {}): string | null {
  const value = body[name];
  if (value === undefined || value === null) {
    if (options.optional) return null;
    throw invalid(name, `${name} is required.`);
  }
  const max = options.max ?? 2000;
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) {
    throw invalid(name, `${name}: expected a string of 1 to ${max} printable characters.`);
  }
  return value.trim();
}
