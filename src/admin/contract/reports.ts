/** Audit verification, usage and reach reports: what `cordon audit verify`, `usage` and `reach` print. */
import { z } from 'zod/v4';
import { USAGE_DIMENSIONS, type UsageDimension } from '../../store/evidence-port.js';
import { count, nullableString, period, tableRow, time, Totals } from './common.js';
import type { Endpoint } from './endpoint.js';

/**
 * The audit module's SIGNATURE_STATUSES (src/audit/checkpoint.ts, which needs node:crypto and so stays
 * out of this pure folder); the compiler fails the handler if the two drift apart.
 */
const signatureStatus = z
  .enum(['valid', 'invalid', 'unsigned', 'unknown_key', 'unchecked', 'downgraded'])
  .describe('valid; invalid; unsigned; unknown_key (Ed25519, no public key given has it); unchecked (no key for its method: not a failure); downgraded (an HMAC checkpoint after a verified Ed25519 one)');
const chainHead = z.strictObject({ seq: z.int().min(0), hash: z.string() });

export const AuditVerification = z.strictObject({
  ok: z.boolean(),
  checked: count,
  start: chainHead,
  head: chainHead,
  problems: z.array(z.strictObject({ kind: z.string(), seq: z.int(), ref: nullableString, message: z.string() })),
  truncated: z.boolean(),
  checkpoints: z.array(z.strictObject({ kind: z.enum(['prune', 'anchor']), seq: z.int(), at: time, signature: signatureStatus })),
});

const usageGroup = Object.fromEntries(USAGE_DIMENSIONS.map((d) => [d, nullableString.optional()])) as Record<UsageDimension, z.ZodOptional<typeof nullableString>>;
export const UsageReport = z.strictObject({
  from: time,
  to: time,
  by: z.array(z.enum(USAGE_DIMENSIONS)),
  data: z.array(
    z
      .strictObject({ ...usageGroup, requests: count, input_tokens: count, cached_input_tokens: count, output_tokens: count, cost_usd: z.number(), unpriced: count })
      .describe('One row per group: a field per dimension asked for (null: unknown country)'),
  ),
});

export const ReachReport = z.strictObject({
  from: time,
  to: time,
  policy_hash: z.string(),
  policy_version: z.int().nullable(),
  scanned: count,
  refused: count,
  by_country: z.array(z.strictObject({ country: nullableString, requests: count, keys: count })),
  rows: z.array(z.strictObject({ layer: z.string(), ...tableRow, top_rule: nullableString })),
  totals: Totals,
});

const dimensions = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const by = (raw ?? 'country').split(',').filter((s) => s !== '');
    if (by.length > 0 && by.every((d): d is UsageDimension => (USAGE_DIMENSIONS as readonly string[]).includes(d))) return by;
    ctx.issues.push({ code: 'custom', input: raw, message: `expected a comma-separated list of ${USAGE_DIMENSIONS.join(', ')}.` });
    return z.NEVER;
  })
  .describe('Comma-separated: day, tenant, key, country, provider, model (default: country)');

export const REPORT_ENDPOINTS = {
  verifyAudit: {
    method: 'GET',
    path: '/admin/audit/verify',
    role: 'read',
    tag: 'reports',
    summary: 'Verify the hash-chained audit log (as `cordon audit verify`)',
    response: AuditVerification,
  },
  usageReport: {
    method: 'GET',
    path: '/admin/usage',
    role: 'read',
    tag: 'reports',
    summary: 'Usage and cost from the daily rollup (default: the last 30 days, by country)',
    query: z.object({ ...period, by: dimensions }),
    response: UsageReport,
  },
  reachReport: {
    method: 'GET',
    path: '/admin/reach',
    role: 'read',
    tag: 'reports',
    summary: 'The demand the live policy turns away, per country, provider and layer (default: the last 30 days)',
    query: z.object(period),
    response: ReachReport,
  },
} as const satisfies Record<string, Endpoint>;
