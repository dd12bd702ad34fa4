/**
 * The `safety_identifiers:` section (docs/safety-identifiers.md): whether Cordon names the end user to
 * the provider (OpenAI's `safety_identifier`, Anthropic's `metadata.user_id`), per tenant by name.
 */
import { z } from 'zod';

const mode = z.enum(['off', 'pass_through', 'derive']);

export const safetyIdentifiersSchema = z
  .object({
    /** off: none sent (the caller's removed); pass_through: the caller's as sent; derive: Cordon's HMAC when the caller sent none. */
    mode: mode.default('pass_through'),
    /** The operator's HMAC key, as env:NAME: required when any tenant derives. */
    secret: z
      .string()
      .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'expected a secret reference "env:NAME" (secrets are never written in the config file)')
      .nullable()
      .default(null),
    /** Per tenant (by name): its own mode. */
    tenants: z.record(z.string().min(1), mode).default({}),
  })
  .strict();

export type SafetyIdentifiersFile = z.infer<typeof safetyIdentifiersSchema>;
