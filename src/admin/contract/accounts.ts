/**
 * Accounts under enforcement: keys with violations over a period, one key's evidence timeline, and
 * the operator's actions (reinstate — the appeal —, warn, suspend, block).
 */
import { z } from 'zod/v4';
import { ACTION_KINDS, SIGNALS, type ActionKind } from '../../domain/enforcement.js';
import { cc, count, jsonObject, Key, listOf, nullableString, optionalTime, period, time } from './common.js';
import type { Endpoint } from './endpoint.js';
import { duration, queryInt, text } from './fields.js';

export const AccountSummary = Key.extend({
  violations: count,
  weight: z.number(),
  signals: z.array(z.enum(SIGNALS)),
  countries: z.array(cc),
  last_violation_at: optionalTime,
});

export const Action = z.strictObject({
  id: z.string(),
  key_id: z.string(),
  kind: z.enum(ACTION_KINDS),
  at: time,
  until: optionalTime,
  actor: z.string(),
  rule: nullableString,
  score: z.number().nullable(),
  note: nullableString,
  violation_ids: z.array(z.string()),
  evidence: jsonObject,
});

export const Violation = z.strictObject({
  id: z.string(),
  signal: z.enum(SIGNALS),
  rule: z.string(),
  weight: z.number(),
  at: time,
  request_id: z.string(),
  origin: z.strictObject({
    network: z.string(),
    source: z.enum(['socket', 'forwarded', 'attested']),
    country: cc.nullable(),
    subdivisions: z.array(z.string()),
    city: nullableString,
    asn: z.int().nullable(),
    org: nullableString,
    anonymizer: z.array(z.string()),
  }),
  detail: jsonObject,
});

export const Account = z.strictObject({
  key: Key,
  tenant: z.strictObject({ id: z.string(), name: z.string(), registered_country: cc.nullable() }),
  scores: z.array(z.strictObject({ action: z.string(), score: z.number(), threshold: z.number(), window: z.string(), since: time, violations: count })),
  timeline: z
    .array(z.discriminatedUnion('type', [Violation.extend({ type: z.literal('violation') }), Action.extend({ type: z.literal('action') })]))
    .describe('Violations and actions, newest first; `type` tells which.'),
});

export const ActionResult = z.strictObject({ action: Action, key: Key }).describe('The recorded action and the key after it');

const keyParam = z.object({ key: z.string().describe('Key id (`key_…`) or displayed prefix (`sk-cordon-…`)') });
const note = text(2000).describe('Why (for a reinstatement: the appeal); kept with the record.');

function action<K extends ActionKind, B extends z.ZodObject>(kind: K, summary: string, body: B) {
  return { method: 'POST', path: `/admin/accounts/{key}/${kind}`, role: 'admin', tag: 'accounts', summary, params: keyParam, body, status: 201, response: ActionResult } as const satisfies Endpoint;
}

export const ACCOUNT_ENDPOINTS = {
  listAccounts: {
    method: 'GET',
    path: '/admin/accounts',
    role: 'read',
    tag: 'accounts',
    summary: 'Keys with violations in a period (default: the last 7 days), and every key not in good standing',
    query: z.object({ ...period, limit: queryInt({ min: 1, max: 50_000, default: 5000 }, 'Violations read at most') }),
    response: listOf(AccountSummary, { from: time, to: time }),
  },
  getAccount: {
    method: 'GET',
    path: '/admin/accounts/{key}',
    role: 'read',
    tag: 'accounts',
    summary: "One key's standing, scores per ladder rung and evidence timeline",
    params: keyParam,
    query: z.object({ limit: queryInt({ min: 1, max: 5000, default: 200 }, 'Violations and actions listed at most') }),
    response: Account,
  },
  reinstateAccount: action('reinstate', 'Reinstate a key (the appeal): status active; its earlier violations no longer count', z.object({ note })),
  warnAccount: action('warn', 'Warn a key', z.object({ note })),
  suspendAccount: action('suspend', 'Suspend a key for a time', z.object({ note, for: text(20).pipe(duration).describe('How long: 30m, 12h, 7d') })),
  blockAccount: action('block', 'Block a key until it is reinstated', z.object({ note })),
} as const satisfies Record<string, Endpoint>;
