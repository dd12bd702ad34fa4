import type { PgMigration } from './migration.js';

/** Enforcement (as SQLite's 0002): violations, actions, per-tenant settings, the webhook outbox. */
export const enforcement: PgMigration = {
  version: 2,
  name: 'enforcement',
  sql: `
    CREATE TABLE violations (
      id         TEXT             NOT NULL PRIMARY KEY,
      key_id     TEXT             NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
      tenant_id  TEXT             NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      signal     TEXT             NOT NULL CHECK (signal IN ('denied_region', 'anonymizer', 'country_mismatch', 'impossible_travel', 'fan_out', 'attestation_abuse')),
      rule       TEXT             NOT NULL,
      weight     DOUBLE PRECISION NOT NULL CHECK (weight >= 0),
      at         BIGINT           NOT NULL,
      request_id TEXT             NOT NULL,
      origin     TEXT             NOT NULL CHECK (origin::jsonb IS NOT NULL),
      detail     TEXT             NOT NULL CHECK (detail::jsonb IS NOT NULL),
      ord        BIGINT GENERATED ALWAYS AS IDENTITY
    );
    CREATE INDEX violations_key_at ON violations (key_id, at);
    CREATE INDEX violations_tenant_at ON violations (tenant_id, at);

    CREATE TABLE enforcement_actions (
      id            TEXT             NOT NULL PRIMARY KEY,
      key_id        TEXT             NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
      tenant_id     TEXT             NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      kind          TEXT             NOT NULL CHECK (kind IN ('warn', 'suspend', 'block', 'reinstate')),
      at            BIGINT           NOT NULL,
      until         BIGINT,
      actor         TEXT             NOT NULL,
      rule          TEXT,
      score         DOUBLE PRECISION,
      note          TEXT,
      violation_ids TEXT             NOT NULL CHECK (violation_ids::jsonb IS NOT NULL),
      evidence      TEXT             NOT NULL CHECK (evidence::jsonb IS NOT NULL),
      ord           BIGINT GENERATED ALWAYS AS IDENTITY
    );
    CREATE INDEX enforcement_actions_key_at ON enforcement_actions (key_id, at);
    CREATE INDEX enforcement_actions_tenant_at ON enforcement_actions (tenant_id, at);

    CREATE TABLE tenant_enforcement (
      tenant_id          TEXT    NOT NULL PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
      attestation_secret TEXT,
      may_attest         BOOLEAN NOT NULL DEFAULT false,
      country_mismatch   BOOLEAN,
      updated_at         BIGINT  NOT NULL
    );

    CREATE TABLE webhook_outbox (
      id              TEXT    NOT NULL PRIMARY KEY,
      type            TEXT    NOT NULL,
      payload         TEXT    NOT NULL,
      created_at      BIGINT  NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at BIGINT  NOT NULL,
      claimed_until   BIGINT,
      delivered_at    BIGINT,
      abandoned_at    BIGINT,
      last_error      TEXT,
      ord             BIGINT GENERATED ALWAYS AS IDENTITY
    );
    CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
  `,
};
