/**
 * Policy test tables: YAML files of cases (facts → expected effect, layer, rule) that run through
 * `cordon policy test` and the project's own tests alike. Format in docs/policy.md.
 */
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { EFFECTS, LAYERS, type Effect, type LayerName, type PolicyInput } from '../domain/decision.js';
import { ANONYMIZER_FLAGS, CARRIER_KINDS, UNKNOWN_REASONS, type Carrier, type Origin } from '../domain/origin.js';
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
  /** Whose facts decided: the client address, or the carrier's. */
  readonly decidedOn?: 'client' | 'carrier';
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
  const place = {
    ip: z.string().min(1).optional(),
    country: countryCode(codes).optional(),
    subdivision: orList(subdivisionCode(codes)).optional(),
    asn: z.number().int().positive().optional(),
    anonymizer: orList(z.enum(ANONYMIZER_FLAGS)).optional(),
    unknown: z.enum(UNKNOWN_REASONS).optional(),
  };
  const oneOf = { message: 'expected either country or unknown, not both' };
  const known = (o: { country?: string; unknown?: string }): boolean => o.country === undefined || o.unknown === undefined;
  // The IPv6 address that carried the client's IPv4 address, with its own facts (ADR 0011).
  const carrier = strictObject({ kind: z.enum(CARRIER_KINDS), ...place }).refine(known, oneOf);
  const origin = strictObject({ ...place, carrier: carrier.optional() }).refine(known, oneOf);
  const account = strictObject({ tenant: name, registered_country: countryCode(codes).optional() });
  const expect = strictObject({
    effect: z.enum(EFFECTS),
    layer: z.enum(LAYERS).optional(),
    rule: name.optional(),
    matched: z.string().min(1).nullable().optional(),
    trail: z.array(name).min(1).max(3).optional(),
    decided_on: z.enum(['client', 'carrier']).optional(),
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

type WirePlace = Omit<WireCase['origin'], 'carrier'>;

function caseOrigin(o: WirePlace, ip: string): Origin {
  const country = o.country ?? null;
  return {
    ip: o.ip ?? ip,
    source: 'socket',
    country,
    subdivisions: o.subdivision ?? [],
    city: null,
    latitude: null,
    longitude: null,
    asn: o.asn ?? null,
    org: null,
    anonymizer: [...new Set(o.anonymizer ?? [])].sort(),
    unknown: country === null ? o.unknown ?? 'not_found' : null,
  };
}

function expandCase(c: WireCase, tableAt: number): PolicyCase[] {
  const carrier: Carrier | null = c.origin.carrier === undefined ? null : { ...caseOrigin(c.origin.carrier, '2001:db8::1'), kind: c.origin.carrier.kind };
  const origin: Origin = { ...caseOrigin(c.origin, '192.0.2.1'), carrier };
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
    ...(c.expect.decided_on !== undefined && { decidedOn: c.expect.decided_on }),
  };
  const many = c.provider.length > 1;
  return c.provider.map((provider) => ({ name: many ? `${c.name} [${provider}]` : c.name, provider, input, expect }));
}
