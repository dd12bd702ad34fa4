/**
 * The `enforcement:` section as written in YAML (docs/enforcement.md). Every field has a default, so
 * the default install enforces with the documented weights and ladder; `enabled: false` turns it off.
 * Per-tenant overrides (by tenant name) use the same fields, all optional; a rung set to null is off.
 */
import { z } from 'zod';
import type { BYPASS_FLAGS } from '../domain/enforcement.js';
import { parseDuration } from '../enforcement/duration.js';
import { listsSchema } from './origin-schema.js';

const secretRef = z
  .string()
  .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'expected a secret reference "env:NAME" (secrets are never written in the config file)');

/** `90s`, `10m`, `1h`, `7d`, `1h30m`, or milliseconds as a number; resolved to milliseconds. */
export const duration = z.union([
  z.number().int().positive(),
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a duration such as "90s", "10m", "1h" or "7d", got "${text}"` });
    return ms ?? 0;
  }),
]);

const weight = z.number().nonnegative();

const anonymizerWeights = {
  tor: weight.default(5),
  public_proxy: weight.default(4),
  residential_proxy: weight.default(4),
  vpn: weight.default(2),
  hosting: weight.default(0.5),
} satisfies Record<(typeof BYPASS_FLAGS)[number], z.ZodTypeAny>;

const weights = z
  .object({
    denied_region: weight.default(1),
    anonymizer: z.object(anonymizerWeights).strict().default({}),
    country_mismatch: weight.default(1),
    impossible_travel: weight.default(3),
    fan_out: weight.default(10),
    attestation_abuse: weight.default(3),
  })
  .strict();

const rung = z.object({ score: z.number().positive(), window: duration, duration: duration.optional() }).strict();

const ladder = z
  .object({
    warn: rung.nullable().default({ score: 3, window: '1h' }),
    suspend: rung.nullable().default({ score: 10, window: '1h', duration: '1h' }),
    block: rung.nullable().default({ score: 40, window: '7d' }),
  })
  .strict();

const fanOut = z
  .object({
    enabled: z.boolean().default(true),
    max_countries: z.number().int().positive().default(4),
    max_networks: z.number().int().positive().default(16),
    window: duration.default('1h'),
  })
  .strict();

const travel = z
  .object({
    enabled: z.boolean().default(true),
    max_speed_kmh: z.number().positive().default(1000),
    min_distance_km: z.number().nonnegative().default(100),
  })
  .strict();

/** Per-tenant: the same fields, nothing defaulted (unset = the section's value). */
const tenantOverride = z
  .object({
    country_mismatch: z.boolean().optional(),
    end_user_traffic: z.boolean().optional(),
    weights: weights.extend({ anonymizer: z.object(anonymizerWeights).partial().strict().optional() }).partial().strict().optional(),
    ladder: z.object({ warn: rung.partial().nullable(), suspend: rung.partial().nullable(), block: rung.partial().nullable() }).partial().strict().optional(),
    fan_out: fanOut.partial().optional(),
    impossible_travel: travel.partial().optional(),
    repeat_window: duration.optional(),
  })
  .strict();

const webhook = z
  .object({
    url: z.string().url('expected an absolute URL such as "https://ops.example.com/cordon"'),
    secret: secretRef,
    timeout: duration.default('10s'),
    max_attempts: z.number().int().positive().default(12),
    backoff: z.object({ base: duration.default('10s'), max: duration.default('1h') }).strict().default({}),
    poll_interval: duration.default('5s'),
  })
  .strict();

export const enforcementSchema = z
  .object({
    enabled: z.boolean().default(true),
    country_mismatch: z.boolean().default(true),
    end_user_traffic: z.boolean().default(false),
    weights: weights.default({}),
    ladder: ladder.default({}),
    fan_out: fanOut.default({}),
    impossible_travel: travel.default({}),
    /** A state-like finding (same network, same foreign country) counts once per key in this window. */
    repeat_window: duration.default('24h'),
    tenants: z.record(z.string().min(1), tenantOverride).default({}),
    attestation: z.object({ max_skew: duration.default('300s') }).strict().default({}),
    /** Deprecated: the anonymizer lists' old place; `origin.lists` now (./origin-resolve.ts). */
    lists: listsSchema.optional(),
    webhook: webhook.nullable().default(null),
  })
  .strict();

export type EnforcementFile = z.infer<typeof enforcementSchema>;
export type TenantOverrideFile = z.infer<typeof tenantOverride>;
