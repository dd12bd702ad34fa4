/**
 * The admin API's OpenAPI 3.1 document, written by hand and served at `/admin/openapi.json`. A test
 * (test/admin/openapi.test.ts) checks it against the route table: every route is documented with its
 * role (`x-cordon-role`), and every documented operation answers with a valid token.
 */
import { body, json, op, pathParam, period, query, ref, type Json } from './openapi-helpers.js';
import { EVIDENCE_PATHS } from './openapi-evidence.js';
import { listOf, SCHEMAS } from './openapi-schemas.js';

const note = { type: 'object', required: ['note'], properties: { note: { type: 'string', maxLength: 2000, description: 'Why (for a reinstatement: the appeal); kept with the record.' } } };
const keyParam = pathParam('key', 'Key id (`key_…`) or displayed prefix (`sk-cordon-…`)');
const action = (kind: string, summary: string, extra: Json = {}) =>
  op('admin', { summary, tag: 'accounts', id: `${kind}Account`, parameters: [keyParam], requestBody: body({ ...note, ...extra }), response: json(ref('ActionResult'), 'The recorded action and the key after it'), status: '201' });

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Cordon admin API',
    version: '1',
    description: 'Operate a Cordon gateway: decisions and their evidence, tenants and keys, accounts under enforcement, policy, reports. Authenticate with `Authorization: Bearer <admin token>` (`cordon admin-tokens create`). Errors use OpenAI\'s shape. See docs/admin-api.md.',
  },
  servers: [{ url: '/' }],
  security: [{ adminToken: [] }],
  tags: [
    { name: 'session', description: 'Who is calling; admin tokens' },
    { name: 'stats', description: 'Counts for the dashboard' },
    { name: 'tenants', description: 'Tenants and API keys' },
    { name: 'accounts', description: 'Keys under enforcement: violations, actions, the appeal' },
    { name: 'decisions', description: 'Recorded decisions and their evidence' },
    { name: 'policy', description: 'Policy versions, diff, simulation, shadow' },
    { name: 'reports', description: 'Audit verification, usage, reach' },
    { name: 'geo', description: 'Origin lookups and decision explanations' },
  ],
  paths: {
    '/admin/openapi.json': { get: { summary: 'This document', operationId: 'openapi', tags: ['session'], security: [], 'x-cordon-role': 'public', responses: { '200': json({ type: 'object' }) } } },
    '/admin/session': { get: op('read', { summary: 'The calling token: name and role (the dashboard signs in with it)', tag: 'session', id: 'getSession', response: json(ref('AdminToken')) }) },
    '/admin/tokens': {
      get: op('admin', { summary: 'List admin tokens (never their secrets)', tag: 'session', id: 'listAdminTokens', response: json(listOf('AdminToken')) }),
      post: op('admin', {
        summary: 'Create an admin token; the secret is in this answer only',
        tag: 'session',
        id: 'createAdminToken',
        requestBody: body({ type: 'object', required: ['name', 'role'], properties: { name: { type: 'string', maxLength: 200 }, role: { enum: ['read', 'admin'] } } }),
        response: json(ref('CreatedAdminToken')),
        status: '201',
      }),
    },
    '/admin/tokens/{id}/revoke': { post: op('admin', { summary: 'Revoke an admin token', tag: 'session', id: 'revokeAdminToken', parameters: [pathParam('id', 'Token id (`adm_…`) or displayed prefix')], response: json(ref('AdminToken')) }) },
    '/admin/stats/countries': { get: op('read', { summary: 'Requests allowed and refused per country and subdivision over a period (default: the last 24 hours)', tag: 'stats', id: 'countryStats', parameters: period, response: json(ref('CountryReport')) }) },
    '/admin/stats/timeline': { get: op('read', { summary: 'Requests allowed and refused per hour over a period (default: the last 24 hours; at most 31 days)', tag: 'stats', id: 'timelineStats', parameters: period, response: json(ref('Timeline')) }) },
    '/admin/tenants': {
      get: op('read', { summary: 'List tenants', tag: 'tenants', id: 'listTenants', response: json(listOf('Tenant')) }),
      post: op('admin', {
        summary: 'Create a tenant (or return the one of that name)',
        tag: 'tenants',
        id: 'createTenant',
        requestBody: body({ type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 200 }, registered_country: { type: 'string', pattern: '^[A-Za-z]{2}$' } } }),
        response: json(ref('Tenant')),
        status: '201',
      }),
    },
    '/admin/keys': {
      get: op('read', { summary: 'List API keys (never their secrets)', tag: 'tenants', id: 'listKeys', parameters: [query('tenant', 'Only the keys of this tenant (id or name)')], response: json(listOf('Key')) }),
      post: op('admin', { summary: 'Create an API key for a tenant; the secret is in this answer only', tag: 'tenants', id: 'createKey', requestBody: body({ type: 'object', required: ['tenant'], properties: { tenant: { type: 'string', description: 'Tenant id or name' } } }), response: json(ref('CreatedKey')), status: '201' }),
    },
    '/admin/keys/{id}/revoke': { post: op('admin', { summary: 'Revoke an API key', tag: 'tenants', id: 'revokeKey', parameters: [pathParam('id', 'Key id (`key_…`) or displayed prefix')], response: json(ref('Key')) }) },
    '/admin/accounts': {
      get: op('read', { summary: 'Keys with violations in a period (default: the last 7 days), and every key not in good standing', tag: 'accounts', id: 'listAccounts', parameters: [...period, query('limit', 'Violations read at most (default 5000)', { type: 'integer', minimum: 1 })], response: json(listOf('AccountSummary')) }),
    },
    '/admin/accounts/{key}': { get: op('read', { summary: "One key's standing, scores per ladder rung and evidence timeline", tag: 'accounts', id: 'getAccount', parameters: [keyParam, query('limit', 'Violations and actions listed at most (default 200)', { type: 'integer', minimum: 1 })], response: json(ref('Account')) }) },
    '/admin/accounts/{key}/reinstate': { post: action('reinstate', 'Reinstate a key (the appeal): status active; its earlier violations no longer count') },
    '/admin/accounts/{key}/warn': { post: action('warn', 'Warn a key') },
    '/admin/accounts/{key}/suspend': { post: action('suspend', 'Suspend a key for a time', { required: ['note', 'for'], properties: { ...note.properties, for: { type: 'string', description: 'How long: 30m, 12h, 7d' } } }) },
    '/admin/accounts/{key}/block': { post: action('block', 'Block a key until it is reinstated') },
    ...EVIDENCE_PATHS,
    '/admin/presets': { get: op('read', { summary: 'The bundled presets: source, read date, in-force date, entry counts and versions (`cordon presets --json`)', tag: 'policy', id: 'listPresets', response: json(listOf('Preset')) }) },
    '/admin/geo/{ip}': { get: op('read', { summary: 'What the geo databases say about an address', tag: 'geo', id: 'geoLookup', parameters: [pathParam('ip', 'IPv4 or IPv6 address')], response: json(ref('GeoFacts')) }) },
    '/admin/check': {
      get: op('read', {
        summary: 'Explain the decision for an address per provider (the JSON of `cordon check --json`)',
        tag: 'geo',
        id: 'check',
        parameters: [
          { name: 'ip', in: 'query', required: true, schema: { type: 'string' }, description: 'Client address' },
          query('provider', 'Only this provider'),
          query('key_id', 'Evaluate as this API key (tenant and registered country)'),
          query('at', 'Evaluate at this instant (ISO date or date-time)'),
        ],
        response: json(ref('Check')),
      }),
    },
  },
  components: {
    securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'An admin token (`ck-admin-…`), role `read` or `admin`.' } },
    schemas: SCHEMAS,
  },
} as const;
