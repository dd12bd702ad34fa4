/**
 * `updates:` in the config file: the data sources Cordon keeps current by itself (docs/data.md) —
 * MaxMind editions, MMDB files and lists by URL, a signed preset bundle — and how often.
 */
import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a source name in lower case (a-z, 0-9, -, _)');
const url = z.string().url('expected an absolute URL');
const role = z.enum(['location', 'asn', 'anonymous_ip']);
const maxAge = z.number().positive().optional();

const maxmindSource = z.object({ kind: z.literal('maxmind'), name, edition: z.string().regex(/^[A-Za-z0-9-]+$/, 'expected a MaxMind edition id such as "GeoLite2-City"'), role: role.optional(), file: z.string().min(1), max_age_days: maxAge }).strict();
const mmdbSource = z.object({ kind: z.literal('mmdb'), name, url, role: role.default('location'), file: z.string().min(1), max_age_days: maxAge }).strict();
const listSource = z.object({ kind: z.enum(['tor_exits', 'cidr', 'asn']), name, url, file: z.string().min(1), max_age_days: maxAge }).strict();
const presetsSource = z.object({ kind: z.literal('presets'), name, url, public_key: z.string().min(1), max_age_days: maxAge }).strict();

export const updatesSchema = z
  .object({
    scheduled: z.boolean().default(true),
    interval_minutes: z.number().int().min(5).default(1440),
    timeout_ms: z.number().int().positive().default(120_000),
    max_bytes: z.number().int().positive().default(512 * 1024 * 1024),
    max_entries: z.number().int().positive().default(2_000_000),
    unmanaged_max_age_days: z.number().positive().nullable().default(365),
    maxmind: z
      .object({
        account_id: z.union([z.string().regex(/^\d+$/, 'expected the numeric MaxMind account id'), z.number().int().positive()]),
        license_key: z.string().regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'expected a secret reference "env:NAME" (secrets are never written in the config file)'),
        host: url.default('https://updates.maxmind.com'),
      })
      .strict()
      .optional(),
    /** Absent (not `[]`) when the file does not say: the MaxMind variables may then fill it (maxmind-env.ts). */
    sources: z.array(z.union([maxmindSource, mmdbSource, listSource, presetsSource])).optional(),
  })
  .strict();

export type UpdatesFile = z.infer<typeof updatesSchema>;
