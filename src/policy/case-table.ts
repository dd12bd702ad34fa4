/**
 * Policy test tables: YAML files of cases (facts → expected effect, layer, rule) that run through
 * `cordon policy test` and the project's own tests alike. Format in docs/policy.md.
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { EFFECTS, LAYERS, type Effect, type LayerName, type PolicyInput } from '../domain/decision.js';
import { ANONYMIZER_FLAGS, UNKNOWN_REASONS, type Origin } from '../domain/origin.js';
import type { ProviderBinding } from './compile.js';
import { parseInstant } from './instant.js';
import { issuesFromZod, type Validated } from './issues.js';
import type { CountryCodes } from './model.js';
import { countryCode, instant, list, strictObject, subdivisionCode } from './schema-rule.js';
import { parseYaml, readYamlFile, type YamlSource } from './yaml-source.js';

/** Only the keys given are compared. */
export interface CaseExpectation {
  readonly effect: Effect;
  readonly layer?: LayerName;
  readonly rule?: string;
  readonly matched?: string | null;
  /** Rule ids of every layer evaluated, in order. */
  readonly trail?: readonly string[];
}

export interface PolicyCase {
  readonly name: string;
  readonly provider: string;
  readonly input: PolicyInput;
  readonly expect: CaseExpectation;
}

export interface CaseTable {
  readonly file: string;
  /** Absolute path of the policy under test; null for the built-in default policy. */
  readonly policy: string | null;
  readonly providers: readonly ProviderBinding[];
  readonly cases: readonly PolicyCase[];
}

function orList<T extends z.ZodTypeAny>(item: T) {
  return z.union([item, list(item)]).transform((v): z.infer<T>[] => (Array.isArray(v) ? v : [v]));
}

function caseTableSchema(codes: CountryCodes) {
  const name = z.string().min(1);
  const origin = strictObject({
    ip: z.string().min(1).optional(),
    country: countryCode(codes).optional(),
    subdivision: orList(subdivisionCode(codes)).optional(),
    asn: z.number().int().positive().optional(),
    anonymizer: orList(z.enum(ANONYMIZER_FLAGS)).optional(),
    unknown: z.enum(UNKNOWN_REASONS).optional(),
  }).refine((o) => o.country === undefined || o.unknown === undefined, { message: 'expected either country or unknown, not both' });
  const account = strictObject({ tenant: name, registered_country: countryCode(codes).optional() });
  const expect = strictObject({
    effect: z.enum(EFFECTS),
    layer: z.enum(LAYERS).optional(),
    rule: name.optional(),
    matched: z.string().min(1).nullable().optional(),
    trail: z.array(name).min(1).max(3).optional(),
  });
  const testCase = strictObject({
    name,
    origin,
    account: account.optional(),
    provider: orList(name),
    at: instant.optional(),
    expect,
  });
  const binding = z.union([name, strictObject({ id: name, terms: name.nullable().default(null) })]);
  return strictObject({
    description: z.string().optional(),
    policy: name.optional(),
    providers: z.array(binding).default([]),
    at: instant.optional(),
    cases: list(testCase),
  });
}

type WireCaseTable = z.infer<ReturnType<typeof caseTableSchema>>;
type WireCase = WireCaseTable['cases'][number];

export interface CaseTableOptions {
  readonly file: string;
  readonly countries: CountryCodes;
  /** The time of cases that give no `at`, in the case or the table. */
  readonly now: number;
}

export function parseCaseTable(text: string, options: CaseTableOptions): Validated<CaseTable> {
  const source = parseYaml(text, options.file);
  return source.ok ? validateTable(source.value, options) : source;
}

export function readCaseFile(file: string, options: Omit<CaseTableOptions, 'file'>): Validated<CaseTable> {
  const source = readYamlFile(file);
  return source.ok ? validateTable(source.value, { ...options, file }) : source;
}

function validateTable({ data, locate }: YamlSource, options: CaseTableOptions): Validated<CaseTable> {
  const parsed = caseTableSchema(options.countries).safeParse(data);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(options.file, parsed.error.issues, data, locate) };
  const t = parsed.data;
  const tableAt = t.at === undefined ? options.now : parseInstant(t.at) ?? options.now;
  return {
    ok: true,
    value: {
      file: options.file,
      policy: t.policy === undefined ? null : resolve(dirname(options.file), t.policy),
      providers: t.providers.map((b) => (typeof b === 'string' ? { id: b, terms: null } : b)),
      cases: t.cases.flatMap((c) => expandCase(c, tableAt)),
    },
  };
}

function expandCase(c: WireCase, tableAt: number): PolicyCase[] {
  const country = c.origin.country ?? null;
  const origin: Origin = {
    ip: c.origin.ip ?? '192.0.2.1',
    source: 'socket',
    country,
    subdivisions: c.origin.subdivision ?? [],
    city: null,
    latitude: null,
    longitude: null,
    asn: c.origin.asn ?? null,
    org: null,
    anonymizer: [...new Set(c.origin.anonymizer ?? [])].sort(),
    unknown: country === null ? c.origin.unknown ?? 'not_found' : null,
  };
  const account =
    c.account === undefined
      ? null
      : { keyId: 'case', tenantId: c.account.tenant, tenantName: c.account.tenant, registeredCountry: c.account.registered_country ?? null };
  const input: PolicyInput = { origin, account, at: c.at === undefined ? tableAt : parseInstant(c.at) ?? tableAt };
  const expect: CaseExpectation = {
    effect: c.expect.effect,
    ...(c.expect.layer !== undefined && { layer: c.expect.layer }),
    ...(c.expect.rule !== undefined && { rule: c.expect.rule }),
    ...(c.expect.matched !== undefined && { matched: c.expect.matched }),
    ...(c.expect.trail !== undefined && { trail: c.expect.trail }),
  };
  const many = c.provider.length > 1;
  return c.provider.map((provider) => ({ name: many ? `${c.name} [${provider}]` : c.name, provider, input, expect }));
}
