/**
 * Shapes many answers share: times, country codes, counts, lists, the error, and the account
 * resources (tenants, keys, admin tokens). Answers are strict: a field not written here fails the
 * contract test, so the document never hides one.
 */
import { z } from 'zod/v4';
import { KEY_STATUSES } from '../../domain/account.js';
import { ADMIN_ROLES } from '../../store/admin-token-port.js';
import { optionalInstant } from './fields.js';

export const time = z.iso.datetime();
export const optionalTime = time.nullable();
export const nullableString = z.string().nullable();
export const count = z.int().min(0);
export const cc = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .describe('ISO 3166-1 alpha-2');
/** A JSON object kept as it was recorded (audit data, evidence). */
export const jsonObject = z.record(z.string(), z.unknown());
export const counts = { allowed: count, refused: count };

/** Requests, keys, tokens and revenue of one country and provider. */
export const tableRow = {
  country: nullableString,
  provider: z.string(),
  requests: count,
  keys: count,
  tokens: count,
  estimated: count,
  revenue_usd: z.number(),
  unpriced: count,
};
export const Totals = z.strictObject({ requests: count, keys: count, tokens: count, estimated: count, revenue_usd: z.number() });

/** `{"object":"list","data":[…]}`, as OpenAI lists are, with any extra fields beside `data`. */
export function listOf<S extends z.ZodType, X extends z.ZodRawShape = Record<never, never>>(item: S, extra?: X) {
  return z.strictObject({ object: z.literal('list'), data: z.array(item), ...(extra as X) });
}

/** `from` and `to` in the query: a period, `from` inclusive and `to` exclusive. */
export const period = {
  from: optionalInstant('Start (inclusive): an ISO date or a date-time with a zone.'),
  to: optionalInstant('End (exclusive); default: now.'),
};

export const ErrorAnswer = z.strictObject({
  error: z.strictObject({ message: z.string(), type: z.string(), param: nullableString, code: z.string() }),
});

export const AdminToken = z.strictObject({
  id: z.string(),
  name: z.string(),
  role: z.enum(ADMIN_ROLES),
  prefix: z.string(),
  created_at: time,
  last_used_at: optionalTime,
  revoked_at: optionalTime,
});
const secret = z.string().describe('Shown in this answer only.');
export const CreatedAdminToken = AdminToken.extend({ secret });

export const Tenant = z.strictObject({ id: z.string(), name: z.string(), registered_country: cc.nullable(), created_at: time });

export const Key = z.strictObject({
  id: z.string(),
  prefix: z.string(),
  tenant: nullableString,
  tenant_id: z.string(),
  status: z.enum(KEY_STATUSES),
  suspended_until: optionalTime,
  created_at: time,
  revoked_at: optionalTime,
});
export const CreatedKey = Key.extend({ secret });
