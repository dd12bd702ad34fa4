/**
 * The YAML (wire) shape of a rule, in zod: snake_case keys, unknown keys rejected. Messages say what
 * was expected; `issues.ts` adds the file, the path and the line.
 */
import { z } from 'zod';
import { EFFECTS } from '../domain/decision.js';
import { ANONYMIZER_FLAGS, UNKNOWN_REASONS } from '../domain/origin.js';
import { INSTANT_EXPECTED, isAsOf, parseInstant } from './instant.js';
import type { CountryCodes } from './model.js';

/** Shows a value in a message the way it would be written in YAML. */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
}

/**
 * A zod object that rejects unknown keys. The allowed keys ride in the issue's message, which
 * `issues.ts` turns into `unknown key "x" (expected one of: a, b)`.
 */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape).strict({ message: Object.keys(shape).join(', ') });
}

/** A non-empty list. */
export function list<T extends z.ZodTypeAny>(item: T) {
  return z.array(item).min(1);
}

export const effect = z.enum(EFFECTS);

export const RULE_ID = /^(law|terms|operator)(\.[a-z0-9][a-z0-9_-]*)+$/;
export const LIST_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export const ruleId = z.string().refine(
  (v) => RULE_ID.test(v),
  (v) => ({
    message: `expected a dotted rule id starting with its layer, such as "operator.block_tor" (lower-case letters, digits, "_" and "-"), got ${show(v)}`,
  }),
);

export const listName = z.string().refine(
  (v) => LIST_NAME.test(v),
  (v) => ({ message: `expected a lower-case name such as "openai" (letters, digits, "_" and "-"), got ${show(v)}` }),
);

const name = z.string().min(1);

export const instant = z.string().refine(
  (v) => parseInstant(v) !== null,
  (v) => ({ message: `expected ${INSTANT_EXPECTED}, got ${show(v)}` }),
);

export const asOf = z.string().refine(
  (v) => isAsOf(v),
  (v) => ({ message: `expected a date such as "2026-11" or "2026-11-28", got ${show(v)}` }),
);

/** The day a source was read: `YYYY-MM-DD`. */
export const readDate = z.string().refine(
  (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && parseInstant(v) !== null,
  (v) => ({ message: `expected a date such as "2026-12-06", got ${show(v)}` }),
);

export function countryCode(codes: CountryCodes) {
  return z.string().refine(
    (v) => codes.names.has(v),
    (v) => ({
      message: `expected an ISO 3166-1 alpha-2 code such as "US", got ${show(v)}${
        typeof v === 'string' && codes.names.has(v.toUpperCase()) ? ' (codes are upper case)' : ''
      }`,
    }),
  );
}

const SUBDIVISION = /^([A-Z]{2})-[A-Z0-9]{1,3}$/;

export function subdivisionCode(codes: CountryCodes) {
  return z.string().refine(
    (v) => {
      const m = SUBDIVISION.exec(v);
      return m !== null && codes.names.has(m[1] ?? '');
    },
    (v) => ({ message: `expected an ISO 3166-2 code such as "UA-43", got ${show(v)}` }),
  );
}

const asn = z
  .number()
  .int()
  .refine(
    (v) => v > 0 && v < 2 ** 32,
    (v) => ({ message: `expected an AS number such as 28761, got ${show(v)}` }),
  );

function scope(what: string) {
  return strictObject({ only: list(name).optional(), except: list(name).optional() }).refine(
    (s) => (s.only === undefined) !== (s.except === undefined),
    { message: `expected exactly one of "only" or "except" (a list of ${what})` },
  );
}

export function matchSchema(codes: CountryCodes) {
  const country = countryCode(codes);
  return strictObject({
    country: list(country).optional(),
    subdivision: list(subdivisionCode(codes)).optional(),
    asn: list(asn).optional(),
    anonymizer: list(z.enum(ANONYMIZER_FLAGS)).optional(),
    tenant: list(name).optional(),
    registered_country: list(country).optional(),
    registered_country_differs: z.literal(true).optional(),
    unknown_origin: z
      .union([z.literal(true), list(z.enum(UNKNOWN_REASONS))], {
        errorMap: () => ({ message: `expected true or a list of reasons (${UNKNOWN_REASONS.join(', ')})` }),
      })
      .optional(),
  });
}

export function ruleSchema(codes: CountryCodes) {
  return strictObject({
    id: ruleId,
    effect,
    /** Omitted: the rule matches every request in its scope. */
    match: matchSchema(codes).optional(),
    providers: scope('provider ids').optional(),
    tenants: scope('tenant names').optional(),
    effective_from: instant.optional(),
    effective_until: instant.optional(),
    reason: z.string().min(1).optional(),
  }).superRefine((rule, ctx) => {
    if (rule.effective_from === undefined || rule.effective_until === undefined) return;
    const from = parseInstant(rule.effective_from);
    const until = parseInstant(rule.effective_until);
    if (from !== null && until !== null && from >= until) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['effective_until'],
        message: `expected a time after effective_from (${rule.effective_from}), got ${show(rule.effective_until)}`,
      });
    }
  });
}

export type WireRule = z.infer<ReturnType<typeof ruleSchema>>;
export type WireMatch = z.infer<ReturnType<typeof matchSchema>>;
