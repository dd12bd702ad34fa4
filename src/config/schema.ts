/**
 * The config file's shape, as written in YAML (snake_case). Unknown keys are errors everywhere.
 * Conversion to the camelCase `Config` happens in one place: load.ts (with the *-resolve.ts files of
 * the sections that have one).
 */
import { z } from 'zod';
import { auditSchema } from './audit-schema.js';
import { authzSchema } from './authz-schema.js';
import { enforcementSchema } from './enforcement-schema.js';
import { FORWARDING_HEADERS } from '../origin/forwarding/index.js';
import { hotStateSchema } from './hot-state-schema.js';
import { originSchema } from './origin-schema.js';
import { safetyIdentifiersSchema } from './safety-schema.js';
import { updatesSchema } from './updates-schema.js';

/** A secret is never written in the file: only a reference to an environment variable. */
export const secretRef = z
  .string()
  .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'expected a secret reference "env:NAME" (secrets are never written in the config file)');

const price = z
  .object({
    input: z.number().nonnegative(),
    cached_input: z.number().nonnegative().optional(),
    /** Per million input tokens written to the prompt cache (Anthropic); the input price when absent. */
    cache_write: z.number().nonnegative().optional(),
    output: z.number().nonnegative(),
  })
  .strict();

const deployment = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1),
    price: price.optional(),
    priority: z.number().int().optional(),
  })
  .strict();

const modelEntry = z
  .object({
    strategy: z.enum(['cheapest', 'priority']).default('cheapest'),
    deployments: z.array(deployment).min(1, 'expected at least one deployment'),
  })
  .strict();

const provider = z
  .object({
    preset: z.string().optional(),
    base_url: z.string().url('expected an absolute URL such as "http://127.0.0.1:8000/v1"').optional(),
    /** The provider's Anthropic Messages API base (e.g. "https://api.deepseek.com/anthropic/v1"); null: none. */
    messages_base_url: z.string().url('expected an absolute URL such as "https://api.anthropic.com/v1"').nullable().optional(),
    api_key: secretRef.optional(),
    /** Answer locally with the simulated upstream instead of calling the network (offline demos, tests). */
    simulated: z.boolean().default(false),
    /** Name of the provider-terms list in the policy; null for none. Defaults to the preset's. */
    terms: z.string().nullable().optional(),
    timeout_ms: z.number().int().positive().default(60_000),
    stream_idle_timeout_ms: z.number().int().positive().default(300_000),
    connections: z.number().int().positive().default(128),
  })
  .strict();

const geo = z
  .object({
    /** Location databases (City/Country, either schema), tried in order; "bundled" = the free GeoLite2 data. */
    location: z.union([z.literal('bundled'), z.array(z.string().min(1)).min(1)]).default('bundled'),
    /** ASN source: "bundled" (RouteViews/DB-IP/NRO data), a GeoLite2-ASN/ISP file, or null. */
    asn: z.union([z.literal('bundled'), z.string().min(1), z.null()]).default('bundled'),
    anonymous_ip: z.string().min(1).nullable().default(null),
    watch: z.boolean().default(true),
  })
  .strict();

/** Header names are case-insensitive: `X-Forwarded-For` is `x-forwarded-for`. */
const forwardedHeader = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.enum(FORWARDING_HEADERS, { errorMap: () => ({ message: `expected one of ${FORWARDING_HEADERS.join(', ')}` }) }),
);

const server = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8080),
    max_body_bytes: z.number().int().positive().default(8 * 1024 * 1024),
    /** JSON nesting a request body may have (objects and arrays); deeper bodies get 400 before anything else. */
    max_json_depth: z.number().int().min(2).max(10_000).default(128),
    /** Time from a request's first byte to its last header (docs/limits.md). */
    headers_timeout_ms: z.number().int().positive().default(10_000),
    /** Time from a request's first byte to the last byte of its body. */
    request_timeout_ms: z.number().int().positive().default(60_000),
    /** How long an idle keep-alive connection is kept between requests. */
    keep_alive_timeout_ms: z.number().int().positive().default(65_000),
    /** Caller connections held at once; more are closed as they arrive. */
    max_connections: z.number().int().positive().default(1024),
    /** After an error answered before its body was read (401, 413): how long the rest may still arrive before the connection is cut. */
    linger_ms: z.number().int().nonnegative().default(2000),
    trusted_proxies: z.array(z.string().min(1)).default([]),
    /** The one forwarding header the trusted proxies write; the other is ignored. */
    forwarded_header: forwardedHeader.default('x-forwarded-for'),
    /** A header carrying the client's country set by a trusted edge (e.g. "cf-ipcountry"); off by default. */
    country_header: z.string().min(1).nullable().default(null),
    /** V8's old generation grows to 1 + this/100 times what survived its last full collection (`cordon serve`; 0: V8's own heuristics). */
    heap_growing_percent: z.number().int().min(0).max(1000).default(50),
  })
  .strict();

/** The admin API and dashboard: on the gateway's own port by default, or on a separate one. */
const admin = z
  .object({
    /** false: no admin API and no dashboard (`/admin/*` and `/dashboard` answer 404). */
    enabled: z.boolean().default(true),
    /** A separate address for `/admin` and `/dashboard`; null (the default) shares the gateway's port. */
    port: z.number().int().min(0).max(65_535).nullable().default(null),
    /** Interface for the separate port; ignored without `port`. */
    host: z.string().min(1).default('127.0.0.1'),
  })
  .strict();

export const configFileSchema = z
  .object({
    server: server.default({}),
    admin: admin.default({}),
    /** Where state lives: "sqlite:PATH" (default) or "postgres://…" (several instances; docs/scale-out.md). */
    store: z.object({ url: z.string().min(1).default('sqlite:.cordon/cordon.sqlite') }).strict().default({}),
    /** Counters shared by every instance: in process (default) or Redis. */
    hot_state: hotStateSchema.default({}),
    /** Folder for caches (the compiled ASN index). */
    data_dir: z.string().min(1).default('.cordon'),
    geo: geo.default({}),
    /** What the origin is made of besides the databases: the anonymizer lists. */
    origin: originSchema.default({}),
    policy: z.object({ file: z.string().min(1).nullable().default(null) }).strict().default({}),
    providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a provider id in lower case (a-z, 0-9, -, _)'), provider).optional(),
    models: z.record(z.string().min(1), modelEntry).optional(),
    enforcement: enforcementSchema.default({}),
    audit: auditSchema.default({}),
    /** Data sources Cordon keeps current by itself (docs/data.md); none by default. */
    updates: updatesSchema.default({}),
    /** Cordon as the decision point of the operator's own proxy (docs/decision-service.md). */
    authz: authzSchema.default({}),
    /** The end user named to providers (OpenAI's `safety_identifier`, Anthropic's `metadata.user_id`). */
    safety_identifiers: safetyIdentifiersSchema.default({}),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;

