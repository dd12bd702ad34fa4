/**
 * The admin API's OpenAPI 3.1 document, generated from the contract (contract/): one operation per
 * endpoint with its role (`x-cordon-role`), parameters, body and answers. Schemas are zod's JSON
 * Schema (2020-12, the dialect OpenAPI 3.1 uses): requests as a client sends them, answers as sent;
 * the shapes named in COMPONENTS are `#/components/schemas/<name>` wherever they appear.
 */
import { z } from 'zod/v4';
import { COMPONENTS, ENDPOINTS, type AdminTag, type Endpoint } from './contract/index.js';

type Json = Record<string, unknown>;

const TAGS: Readonly<Record<AdminTag, string>> = {
  session: 'Who is calling; admin tokens',
  stats: 'Counts for the dashboard',
  tenants: 'Tenants and API keys',
  accounts: 'Keys under enforcement: violations, actions, the appeal',
  decisions: 'Recorded decisions and their evidence',
  policy: 'Policy versions, diff, simulation, shadow',
  reports: 'Audit verification, usage, reach',
  geo: 'Origin lookups and decision explanations',
  data: 'Where the geolocation data, lists and presets come from, and how old they are',
};

const componentRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(componentRef('Error'), description);

/** Builds the document from the contract: every endpoint, and the named answer shapes. */
export function openapiDocument(): Json {
  const endpoints: Readonly<Record<string, Endpoint>> = ENDPOINTS;
  const answers = answerSchemas(endpoints);
  const paths: Record<string, Record<string, Json>> = {
    '/admin/openapi.json': { get: { summary: 'This document', operationId: 'openapi', tags: ['session'], security: [], 'x-cordon-role': 'public', responses: { '200': json({ type: 'object' }, 'OK') } } },
  };
  for (const [id, endpoint] of Object.entries(endpoints)) {
    (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = operation(id, endpoint, answers.operations.get(id));
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cordon admin API',
      version: '1',
      description:
        "Operate a Cordon gateway: decisions and their evidence, tenants and keys, accounts under enforcement, policy, reports. Authenticate with `Authorization: Bearer <admin token>` (`cordon admin-tokens create`). Errors use OpenAI's shape. See docs/admin-api.md.",
    },
    servers: [{ url: '/' }],
    security: [{ adminToken: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'An admin token (`ck-admin-…`), role `read` or `admin`.' } },
      schemas: answers.components,
    },
  };
}

function operation(id: string, e: Endpoint, answer: unknown): Json {
  const status = String(e.status ?? 200);
  const responses: Json = {
    [status]: json(answer, e.status === 201 ? 'Created' : 'OK'),
    '400': error('Invalid input (`admin_invalid_request`)'),
    '401': error('Missing, wrong or revoked token (`admin_unauthorized`)'),
  };
  if (e.role === 'admin') responses['403'] = error('A read token on a route that changes state (`admin_forbidden`)');
  if (e.params) responses['404'] = error('No such resource (`admin_not_found`)');
  const parameters = [...parametersOf(e.path, e.params, 'path'), ...parametersOf(e.path, e.query, 'query')];
  return {
    summary: e.summary,
    operationId: id,
    tags: [e.tag],
    'x-cordon-role': e.role,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: requestSchema(e.body) } } } } : {}),
    responses,
  };
}

/** A request schema as a client writes it (before conversions). */
function requestSchema(schema: z.ZodType): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', override: tidy }) as Json;
  return rest;
}

function parametersOf(path: string, schema: z.ZodObject | undefined, where: 'path' | 'query'): Json[] {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (where === 'path' && names.join() !== Object.keys(schema?.shape ?? {}).join()) throw new Error(`${path}: the path parameters are not those of its params schema`);
  if (schema === undefined) return [];
  const object = requestSchema(schema) as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    ...(where === 'path' || object.required?.includes(name) ? { required: true } : {}),
    schema: property,
    ...(description === undefined ? {} : { description }),
  }));
}

/**
 * Every answer schema in one pass, so that named shapes become references: the components, and each
 * operation's answer (a reference when it is a named shape itself).
 */
function answerSchemas(endpoints: Readonly<Record<string, Endpoint>>): { components: Json; operations: Map<string, unknown> } {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of Object.entries(COMPONENTS)) {
    registry.add(schema, { id: name });
    names.set(schema, name);
  }
  for (const [id, e] of Object.entries(endpoints)) if (!names.has(e.response)) registry.add(e.response, { id: `answer:${id}` });
  const uri = (id: string) => `#/components/schemas/${id}`;
  const { schemas } = z.toJSONSchema(registry, { uri, override: tidy });
  if ('__shared' in schemas) throw new Error('an answer schema is neither named nor inline');
  const strip = (s: Json): Json => {
    const { $schema: _schema, $id: _id, ...rest } = s;
    return rest;
  };
  const components: Json = {};
  for (const name of Object.keys(COMPONENTS)) components[name] = strip(schemas[name] as Json);
  const operations = new Map<string, unknown>();
  for (const [id, e] of Object.entries(endpoints)) {
    const name = names.get(e.response);
    operations.set(id, name === undefined ? strip(schemas[`answer:${id}`] as Json) : componentRef(name));
  }
  return { components, operations };
}

/** Leaves out what only adds noise: zod's long pattern beside a `format`, and the safe-integer bounds of `z.int()`. */
function tidy({ jsonSchema }: { jsonSchema: Json }): void {
  if (jsonSchema.format !== undefined) delete jsonSchema.pattern;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
}
