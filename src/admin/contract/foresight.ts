/**
 * Looking ahead before a policy change: the semantic diff of two policies, a simulation of a
 * candidate against recorded traffic, and the shadow policy. Diff and simulation change nothing, so a
 * read token may run them.
 */
import { z } from 'zod/v4';
import { EFFECTS } from '../../domain/decision.js';
import { count, nullableString, period, tableRow, time, Totals } from './common.js';
import type { Endpoint } from './endpoint.js';
import { optionalInstant, text, versionNumber } from './fields.js';
import { MAX_DOCUMENT } from './policies.js';

/** Which policy: `"live"` (also when absent), a stored version, or a document. */
const policyRefValue = z.union([z.literal('live'), z.object({ version: versionNumber }), z.object({ document: text(MAX_DOCUMENT) })], {
  error: 'expected "live", { "version": N } or { "document": "…" }.',
});
const policyRef = policyRefValue.nullish().describe('"live" (the default), { "version": N } or { "document": "<policy YAML>" }');
export type PolicyRef = z.output<typeof policyRef>;

const side = z.strictObject({ policy: z.string().describe('`live`, `live (vN)`, `vN` or `document`'), hash: z.string() });
const effectOf = z.strictObject({ effect: z.enum(EFFECTS), layer: z.string(), rule: z.string() });
const placeChange = z.strictObject({ kind: z.enum(['country', 'subdivision', 'asn', 'unknown']), place: z.string(), from: effectOf, to: effectOf });

export const PolicyDiff = z.strictObject({
  base: side,
  candidate: side,
  probes: count,
  steps: z.array(z.strictObject({ at: time, providers: z.array(z.strictObject({ provider: z.string(), opened: z.array(placeChange), closed: z.array(placeChange) })) })),
});

export const Simulation = z.strictObject({
  base: side,
  candidate: side,
  from: time,
  to: time,
  scanned: count,
  skipped: count,
  rerouted: count,
  rows: z.array(z.strictObject({ change: z.enum(['opened', 'closed']), ...tableRow })),
  totals: z.strictObject({ opened: Totals, closed: Totals }),
  estimates: z.array(z.strictObject({ model: z.string(), basis: z.enum(['model', 'all_models', 'none']), requests: count })),
});

const runningShadow = z.strictObject({ hash: z.string(), source: z.string(), started_at: time });
export const Shadow = z.strictObject({
  running: z.boolean(),
  shadow: runningShadow.nullable(),
  from: time,
  to: time,
  report: z.array(
    z.strictObject({ country: nullableString, provider: z.string(), change: z.enum(['allow_to_deny', 'deny_to_allow']), requests: count, keys: count, shadow_rules: z.array(z.string()) }),
  ),
});

export const FORESIGHT_ENDPOINTS = {
  diffPolicies: {
    method: 'POST',
    path: '/admin/policy/diff',
    role: 'read',
    tag: 'policy',
    summary: 'Semantic diff: the places (countries, subdivisions, networks) whose effect flips between two policies, per provider',
    body: z.object({ base: policyRef, candidate: policyRef, at: optionalInstant('Compare at this instant (default now)') }),
    response: PolicyDiff,
  },
  simulatePolicy: {
    method: 'POST',
    path: '/admin/policy/simulate',
    role: 'read',
    tag: 'policy',
    summary: 'Replay recorded requests through the live policy and a candidate: requests, keys, tokens and revenue opened or closed per country and provider',
    body: z.object({ base: policyRef, candidate: policyRef, ...period }),
    response: Simulation,
  },
  getShadow: {
    method: 'GET',
    path: '/admin/policy/shadow',
    role: 'read',
    tag: 'policy',
    summary: 'The shadow policy, if one runs, and the differences it recorded',
    query: z.object(period),
    response: Shadow,
  },
  startShadow: {
    method: 'PUT',
    path: '/admin/policy/shadow',
    role: 'admin',
    tag: 'policy',
    summary: 'Run a policy in shadow beside the live one',
    body: z.object({ candidate: policyRefValue.describe('{ "version": N } or { "document": "<policy YAML>" }') }),
    status: 201,
    response: z.strictObject({ running: z.literal(true), shadow: runningShadow }),
  },
  stopShadow: {
    method: 'DELETE',
    path: '/admin/policy/shadow',
    role: 'admin',
    tag: 'policy',
    summary: 'Stop the shadow policy (404 when none runs)',
    response: z.strictObject({ running: z.literal(false) }),
  },
} as const satisfies Record<string, Endpoint>;
