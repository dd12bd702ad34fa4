import type { Migration } from './migration.js';

/**
 * Enforcement (docs/enforcement.md): violations with their evidence, actions on keys with the
 * violations that caused them, per-tenant settings (attestation secret, country-mismatch switch) and
 * the durable webhook outbox. Evidence and id lists are JSON text. Times are epoch milliseconds.
 */
export const enforcement: Migration = {
  version: 2,
  name: 'enforcement',
  sql: `
    CREATE TABLE violations (
      id         TEXT    NOT NULL PRIMARY KEY,
      key_id     TEXT    NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
      tenant_id  TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      signal     TEXT    NOT NULL CHECK (signal IN ('denied_region', 'anonymizer', 'country_mismatch', 'impossible_travel', 'fan_out', 'attestation_abuse')),
      rule       TEXT    NOT NULL,
      weight     REAL    NOT NULL CHECK (weight >= 0),
      at         INTEGER NOT NULL,
      request_id TEXT    NOT NULL,
      origin     TEXT    NOT NULL CHECK (json_valid(origin)),
      detail     TEXT    NOT NULL CHECK (json_valid(detail))
    ) STRICT;
    CREATE INDEX violations_key_at ON violations (key_id, at);
    CREATE INDEX violations_tenant_at ON violations (tenant_id, at);

    CREATE TABLE enforcement_actions (
      id            TEXT    NOT NULL PRIMARY KEY,
      key_id        TEXT    NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
      tenant_id     TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      kind          TEXT    NOT NULL CHECK (kind IN ('warn', 'suspend', 'block', 'reinstate')),
      at            INTEGER NOT NULL,
      until         INTEGER,
      actor         TEXT    NOT NULL,
      rule          TEXT,
      score         REAL,
      note          TEXT,
      violation_ids TEXT    NOT NULL CHECK (json_valid(violation_ids)),
      evidence      TEXT    NOT NULL CHECK (json_valid(evidence))
    ) STRICT;
    CREATE INDEX enforcement_actions_key_at ON enforcement_actions (key_id, at);
    CREATE INDEX enforcement_actions_tenant_at ON enforcement_actions (tenant_id, at);

    CREATE TABLE tenant_enforcement (
      tenant_id          TEXT    NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
      attestation_secret TEXT,
      may_attest         INTEGER NOT NULL DEFAULT 0 CHECK (may_attest IN (0, 1)),
      country_mismatch   INTEGER CHECK (country_mismatch IS NULL OR country_mismatch IN (0, 1)),
      updated_at         INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE webhook_outbox (
      id              TEXT    NOT NULL PRIMARY KEY,
      type            TEXT    NOT NULL,
      payload         TEXT    NOT NULL,
      created_at      INTEGER NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      claimed_until   INTEGER,
      delivered_at    INTEGER,
      abandoned_at    INTEGER,
      last_error      TEXT
    ) STRICT;
    CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
  `,
};
