/** Recorded decisions: search them, and one with its full explanation. */
import { z } from 'zod/v4';
import { LAYERS } from '../../domain/decision.js';
import { Violation } from './accounts.js';
import { DataVersionSource } from './data.js';
import { cc, jsonObject, listOf, nullableString, period, time } from './common.js';
import type { Endpoint } from './endpoint.js';
import { countryCode, oneOf, optionalQuery, queryInt } from './fields.js';

/** `allowed` and `refused` on the wire. */
export const DECISION_EFFECTS = ['allowed', 'refused'] as const;

export const DecisionSummary = z.strictObject({
  id: z.string(),
  at: time,
  effect: z.enum(DECISION_EFFECTS),
  code: nullableString,
  provider: nullableString,
  country: cc.nullable(),
  subdivisions: z.array(z.string()),
  asn: z.int().nullable(),
  anonymizer: z.array(z.string()),
  unknown: nullableString,
  key_id: z.string(),
  tenant: z.string(),
  model: z.string(),
  providers: z.array(z.string()),
});

export const Decision = z.strictObject({
  id: z.string(),
  at: time,
  decision: jsonObject.describe('The decision record as written in the audit log'),
  usage: jsonObject.nullable().describe('The usage record, for a request that was served'),
  rules: z.strictObject({
    policy_hash: z.string(),
    same_policy: z.boolean(),
    by_id: z.record(z.string(), z.strictObject({ layer: z.enum(LAYERS), kind: z.string(), reason: nullableString, from: z.string() }).nullable()),
  }).describe('What each rule of the record means in the live policy (null: the live policy no longer has it)'),
  data: z.strictObject({
    version: nullableString.describe('The data-version id (`dv_…`) the decision used: its record\'s versions.data; null for records written before data versions were'),
    sources: z.array(DataVersionSource).nullable().describe('The data that version stood for: each source\'s origin, build date and hash; null when this instance\'s version log does not have it'),
  }).describe('The data the decision was made with (docs/data.md), to explain an old decision with the data of its day'),
  violations: z.array(Violation),
  records: z.array(z.strictObject({ seq: z.int(), kind: z.string(), at: time, hash: z.string(), prev_hash: z.string() })),
});

const unknownOrCountry = z.union([z.literal('unknown'), countryCode], {
  error: (issue) => `expected a two-letter ISO 3166-1 alpha-2 code such as DE, or unknown, got "${String(issue.input)}".`,
});

export const DECISION_ENDPOINTS = {
  searchDecisions: {
    method: 'GET',
    path: '/admin/decisions',
    role: 'read',
    tag: 'decisions',
    summary: 'Search recorded decisions, newest first',
    query: z.object({
      ...period,
      key_id: optionalQuery(z.string()).describe('Only this API key'),
      tenant: optionalQuery(z.string()).describe('Only this tenant (name)'),
      country: optionalQuery(unknownOrCountry).describe('ISO 3166-1 alpha-2, or `unknown`'),
      effect: optionalQuery(oneOf(DECISION_EFFECTS)).describe('`allowed` or `refused`'),
      limit: queryInt({ min: 1, max: 1000, default: 100 }, 'At most this many'),
      before: z
        .string()
        .regex(/^\d+$/, { error: 'expected the `next` cursor of a previous page.' })
        .transform(Number)
        .optional()
        .describe('The `next` cursor of the previous page'),
    }),
    response: listOf(DecisionSummary, { next: nullableString }),
  },
  getDecision: {
    method: 'GET',
    path: '/admin/decisions/{id}',
    role: 'read',
    tag: 'decisions',
    summary: 'One decision with its full explanation: the audit records, the meaning of the rules that decided, the violations it raised',
    params: z.object({ id: z.string().describe('The decision id (`x-cordon-decision-id`, `dec_…`)') }),
    response: Decision,
  },
} as const satisfies Record<string, Endpoint>;
