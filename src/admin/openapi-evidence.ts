/** OpenAPI paths for the evidence side: decisions, policy versions and foresight, reports. */
import { body, json, op, pathParam, period, query, type Json } from './openapi-helpers.js';

const obj = (properties: Record<string, unknown>, required: readonly string[] = []): Json => ({ type: 'object', properties, required });
const anObject = { type: 'object' } as const;
const policyRef = {
  description: '"live" (the default), { "version": N } or { "document": "<policy YAML>" }',
  oneOf: [{ const: 'live' }, obj({ version: { type: 'integer', minimum: 1 } }, ['version']), obj({ document: { type: 'string' } }, ['document'])],
};
const authored = { reason: { type: 'string', maxLength: 2000 }, approval: { type: 'string', description: 'Approval reference (licence, rule citation): required when the change opens access at the law layer' } };
const versionId = pathParam('id', 'Policy version number');

export const EVIDENCE_PATHS = {
  '/admin/decisions': {
    get: op('read', {
      summary: 'Search recorded decisions, newest first',
      tag: 'decisions',
      id: 'searchDecisions',
      parameters: [
        ...period,
        query('key_id', 'Only this API key'),
        query('tenant', 'Only this tenant (name)'),
        query('country', 'ISO 3166-1 alpha-2, or `unknown`'),
        query('effect', '`allowed` or `refused`', { enum: ['allowed', 'refused'] }),
        query('limit', 'At most this many (default 100, at most 1000)', { type: 'integer', minimum: 1, maximum: 1000 }),
        query('before', 'The `next` cursor of the previous page'),
      ],
      response: json(obj({ object: { const: 'list' }, data: { type: 'array', items: anObject }, next: { type: ['string', 'null'] } })),
    }),
  },
  '/admin/decisions/{id}': {
    get: op('read', {
      summary: 'One decision with its full explanation: the audit records, the meaning of the rules that decided, the violations it raised',
      tag: 'decisions',
      id: 'getDecision',
      parameters: [pathParam('id', 'The decision id (`x-cordon-decision-id`, `dec_…`)')],
      response: json(obj({ id: { type: 'string' }, at: { type: 'string' }, decision: anObject, usage: { type: ['object', 'null'] }, rules: anObject, violations: { type: 'array' }, records: { type: 'array' } })),
    }),
  },
  '/admin/policy/versions': {
    get: op('read', { summary: 'Policy versions, newest first, and which one is live', tag: 'policy', id: 'listPolicyVersions', response: json(anObject) }),
    post: op('admin', {
      summary: 'Apply a new policy version (409 `admin_conflict` when it opens access at the law layer without an approval reference)',
      tag: 'policy',
      id: 'applyPolicyVersion',
      requestBody: body(obj({ document: { type: 'string' }, source: { type: 'string' }, effective_from: { type: 'string' }, ...authored }, ['document', 'reason'])),
      response: json(anObject, 'Applied'),
      status: '201',
    }),
  },
  '/admin/policy/versions/{id}': { get: op('read', { summary: 'One policy version with its document', tag: 'policy', id: 'getPolicyVersion', parameters: [versionId], response: json(anObject) }) },
  '/admin/policy/versions/{id}/rollback': {
    post: op('admin', { summary: "Apply an earlier version's document again, as a new version", tag: 'policy', id: 'rollbackPolicyVersion', parameters: [versionId], requestBody: body(obj(authored, ['reason'])), response: json(anObject, 'Applied'), status: '201' }),
  },
  '/admin/policy/diff': {
    post: op('read', {
      summary: 'Semantic diff: the places (countries, subdivisions, networks) whose effect flips between two policies, per provider',
      tag: 'policy',
      id: 'diffPolicies',
      requestBody: body(obj({ base: policyRef, candidate: policyRef, at: { type: 'string', description: 'Compare at this instant (default now)' } }, ['candidate'])),
      response: json(anObject),
    }),
  },
  '/admin/policy/simulate': {
    post: op('read', {
      summary: 'Replay recorded requests through the live policy and a candidate: requests, keys, tokens and revenue opened or closed per country and provider',
      tag: 'policy',
      id: 'simulatePolicy',
      requestBody: body(obj({ base: policyRef, candidate: policyRef, from: { type: 'string' }, to: { type: 'string' } }, ['candidate'])),
      response: json(anObject),
    }),
  },
  '/admin/policy/shadow': {
    get: op('read', { summary: 'The shadow policy, if one runs, and the differences it recorded', tag: 'policy', id: 'getShadow', parameters: period, response: json(anObject) }),
    put: op('admin', { summary: 'Run a policy in shadow beside the live one', tag: 'policy', id: 'startShadow', requestBody: body(obj({ candidate: policyRef }, ['candidate'])), response: json(anObject, 'Running'), status: '201' }),
    delete: op('admin', { summary: 'Stop the shadow policy (404 when none runs)', tag: 'policy', id: 'stopShadow', response: json(anObject) }),
  },
  '/admin/audit/verify': { get: op('read', { summary: 'Verify the hash-chained audit log (as `cordon audit verify`)', tag: 'reports', id: 'verifyAudit', response: json(anObject) }) },
  '/admin/usage': {
    get: op('read', {
      summary: 'Usage and cost from the daily rollup (default: the last 30 days, by country)',
      tag: 'reports',
      id: 'usageReport',
      parameters: [...period, query('by', 'Comma-separated: day, tenant, key, country, provider, model')],
      response: json(anObject),
    }),
  },
  '/admin/reach': { get: op('read', { summary: 'The demand the live policy turns away, per country, provider and layer (default: the last 30 days)', tag: 'reports', id: 'reachReport', parameters: period, response: json(anObject) }) },
};
