/**
 * Request fields: each validates, converts and says what it expected. A message is what follows the
 * field's name: the router sends `admin_invalid_request` with `param` set to the field's path and the
 * message `name: <message>`, or `name is required.` when the field is missing.
 */
import { z } from 'zod/v4';
import { parseDuration } from '../../enforcement/duration.js';
import { normalizeIp } from '../../origin/address/index.js';
import { parseInstant } from '../../policy/instant.js';

const got = (input: unknown) => `got "${typeof input === 'string' ? input : JSON.stringify(input)}"`;
/** Query values arrive as text; an empty one (`?from=`) counts as absent. */
const emptyIsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** A string of 1 to `max` printable characters, trimmed; `null` counts as absent. */
export function text(max: number) {
  const expected = `expected a string of 1 to ${max} printable characters.`;
  return z
    .string({ error: expected })
    .min(1, { error: expected })
    .max(max, { error: expected })
    .refine((s) => s.trim() !== '' && !CONTROL.test(s), { error: expected })
    .transform((s) => s.trim());
}
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** An optional `text`: absent or null is null. */
export function optionalText(max: number) {
  return text(max)
    .nullish()
    .transform((s) => s ?? null);
}

/** A string converted by `parse`; `expected` says what it should have been. */
function converted<T>(parse: (raw: string) => T | null, expected: string) {
  return z.string({ error: (issue) => `${expected}, ${got(issue.input)}.` }).transform((raw, ctx) => {
    const value = parse(raw);
    if (value !== null) return value;
    ctx.issues.push({ code: 'custom', input: raw, message: `${expected}, ${got(raw)}.` });
    return z.NEVER;
  });
}

/** An instant: an ISO date (midnight UTC) or a date-time with a zone, as epoch ms. */
export const instant = converted(parseInstant, 'expected an ISO date such as 2025-06-30 or a date-time with a zone such as 2025-06-30T12:00:00Z');

/** An optional instant in the query (empty is absent) or a body (null is absent); the handler picks the default. */
export function optionalInstant(description: string) {
  return z.preprocess((v) => (v === '' || v === null ? undefined : v), instant.optional()).optional().describe(description);
}

/** ISO 3166-1 alpha-2, trimmed and upper-cased. */
export const countryCode = converted((raw) => (/^[A-Za-z]{2}$/.test(raw.trim()) ? raw.trim().toUpperCase() : null), 'expected a two-letter ISO 3166-1 alpha-2 code such as DE');

/** A canonical IPv4 or IPv6 address. */
export const ipAddress = converted(normalizeIp, 'expected an IPv4 or IPv6 address');

/** A duration as operators write it (`30m`, `12h`, `7d`), as ms. */
export const duration = converted(parseDuration, 'expected a duration such as 30m, 12h or 7d');

/** A policy version number in a path. */
export const versionInPath = converted((raw) => (/^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null), 'expected a policy version number such as 3');

/** A policy version number in a JSON body. */
export const versionNumber = z
  .number({ error: (issue) => `expected a policy version number such as 3, ${got(issue.input)}.` })
  .int({ error: (issue) => `expected a policy version number such as 3, ${got(issue.input)}.` })
  .min(1, { error: (issue) => `expected a policy version number such as 3, ${got(issue.input)}.` });

/** An optional whole number in the query, from `min` to `max`. */
export function queryInt(range: { min: number; max: number; default: number }, description: string) {
  const expected = (issue: { input?: unknown }) => `expected a whole number from ${range.min} to ${range.max}, ${got(issue.input)}.`;
  const number = z.number({ error: expected }).int({ error: expected }).min(range.min, { error: expected }).max(range.max, { error: expected });
  return z
    .preprocess((v) => (typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : emptyIsAbsent(v)), number.optional())
    .optional()
    .transform((n) => n ?? range.default)
    .describe(`${description} (default ${range.default}, at most ${range.max})`);
}

/** One of `values`; in the query, empty is absent. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `expected one of ${values.join(', ')}, ${got(issue.input)}.` });
}

export function optionalQuery<S extends z.ZodType>(schema: S) {
  return z.preprocess(emptyIsAbsent, schema.optional()).optional();
}
