/** The `audit:` section of the config file (snake_case, unknown keys rejected). */
import { z } from 'zod';

const secretRef = z
  .string()
  .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, 'expected a secret reference "env:NAME" (secrets are never written in the config file)');

export const auditSchema = z
  .object({
    /** false: no audit records, no metering, no shadow (benchmarks against a bare proxy). */
    enabled: z.boolean().default(true),
    /** Prefix lengths kept of client addresses in records: 24 and 48 by default; 32 / 128 keep them whole. */
    ip_truncation: z
      .object({ v4: z.number().int().min(0).max(32).default(24), v6: z.number().int().min(0).max(128).default(48) })
      .strict()
      .default({}),
    /**
     * Ed25519 private key (PEM or base64 PKCS#8 in the variable) that signs checkpoints (`cordon audit prune`,
     * `cordon audit anchor`), as env:NAME. Takes precedence over checkpoint_key for new checkpoints.
     */
    checkpoint_signing_key: secretRef.nullable().default(null),
    /** Ed25519 public keys (PEM or base64 SPKI) that verify checkpoints: the current one and those retired by a rotation. */
    checkpoint_public_keys: z.array(z.string().min(1)).default([]),
    /** Deprecated for new checkpoints: the shared HMAC key, as env:NAME; still verifies the checkpoints it signed. */
    checkpoint_key: secretRef.nullable().default(null),
    /** `normal`: a record is durable against a killed process; `full`: also against power loss (fsync per commit). */
    synchronous: z.enum(['normal', 'full']).default('normal'),
    /**
     * SQLite: the gateway appends records to a journal file beside the database (one write per batch) and
     * seals them into the chained log within a second (ADR 0015); false commits each batch to SQLite.
     */
    journal: z.boolean().default(true),
  })
  .strict();

export type AuditFile = z.infer<typeof auditSchema>;
