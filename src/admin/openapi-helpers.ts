/** Building blocks of the hand-written OpenAPI document: operations with their role and standard errors. */

export type Role = 'read' | 'admin';
export type Json = Readonly<Record<string, unknown>>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Json, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
export const error = (description: string) => json(ref('Error'), description);

export const period = [
  { name: 'from', in: 'query', schema: { type: 'string' }, description: 'Start (inclusive): an ISO date or a date-time with a zone.' },
  { name: 'to', in: 'query', schema: { type: 'string' }, description: 'End (exclusive); default: now.' },
];
export const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
export const query = (name: string, description: string, schema: Json = { type: 'string' }) => ({ name, in: 'query', schema, description });
export const body = (schema: Json) => ({ required: true, content: { 'application/json': { schema } } });

export interface OperationSpec {
  readonly summary: string;
  readonly tag: string;
  readonly id: string;
  readonly parameters?: readonly Json[];
  readonly requestBody?: Json;
  readonly response: Json;
  readonly status?: '200' | '201';
}

export function op(role: Role, spec: OperationSpec): Json {
  const responses: Record<string, unknown> = {
    [spec.status ?? '200']: spec.response,
    '400': error('Invalid input (`admin_invalid_request`)'),
    '401': error('Missing, wrong or revoked token (`admin_unauthorized`)'),
  };
  if (role === 'admin') responses['403'] = error('A read token on a route that changes state (`admin_forbidden`)');
  if (spec.parameters?.some((p) => p.in === 'path')) responses['404'] = error('No such resource (`admin_not_found`)');
  return {
    summary: spec.summary,
    operationId: spec.id,
    tags: [spec.tag],
    'x-cordon-role': role,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    responses,
  };
}

