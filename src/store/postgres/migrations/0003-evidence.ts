import { AUDIT_APPEND_FUNCTION } from './audit-append-function.js';
import type { PgMigration } from './migration.js';

/**
 * Evidence (as SQLite's 0003), plus `audit_head`: the one row every append locks (`SELECT … FOR
 * UPDATE`) and moves, so several instances extend one chain in one order (ADR 0008). Policy versions
 * and the shadow policy notify `cordon_changes` on commit, so every instance reloads within a second.
 */
export const evidence: PgMigration = {
  version: 3,
  name: 'evidence',
  sql: `
    CREATE TABLE audit_log (
      seq       BIGINT NOT NULL PRIMARY KEY,
      at        BIGINT NOT NULL,
      kind      TEXT   NOT NULL CHECK (kind IN ('decision', 'usage', 'action', 'policy_change', 'audit')),
      ref       TEXT   NOT NULL,
      data      TEXT   NOT NULL,
      prev_hash TEXT   NOT NULL CHECK (length(prev_hash) = 64),
      hash      TEXT   NOT NULL CHECK (length(hash) = 64)
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_ref ON audit_log (ref);

    CREATE TABLE audit_head (
      id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
      seq  BIGINT  NOT NULL,
      hash TEXT    NOT NULL CHECK (length(hash) = 64)
    );
    INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

    CREATE TABLE audit_checkpoints (
      id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind          TEXT    NOT NULL CHECK (kind IN ('prune', 'anchor')),
      seq           BIGINT  NOT NULL,
      hash          TEXT    NOT NULL CHECK (length(hash) = 64),
      at            BIGINT  NOT NULL,
      pruned_before BIGINT,
      pruned        BIGINT  NOT NULL DEFAULT 0,
      signature     TEXT
    );
    CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (kind, seq);

    CREATE TABLE decision_facts (
      request_id         TEXT   NOT NULL PRIMARY KEY,
      seq                BIGINT NOT NULL,
      at                 BIGINT NOT NULL,
      country            TEXT,
      subdivisions       TEXT   NOT NULL,
      asn                BIGINT,
      anonymizer         TEXT   NOT NULL,
      unknown            TEXT,
      key_id             TEXT   NOT NULL,
      tenant             TEXT   NOT NULL,
      registered_country TEXT,
      model              TEXT   NOT NULL,
      providers          TEXT   NOT NULL,
      outcome            TEXT   NOT NULL CHECK (outcome IN ('routed', 'refused')),
      code               TEXT,
      provider           TEXT
    );
    CREATE INDEX decision_facts_at ON decision_facts (at, seq);
    CREATE INDEX decision_facts_seq ON decision_facts (seq);

    CREATE TABLE usage (
      request_id          TEXT    NOT NULL PRIMARY KEY,
      seq                 BIGINT  NOT NULL,
      at                  BIGINT  NOT NULL,
      day                 TEXT    NOT NULL,
      key_id              TEXT    NOT NULL,
      tenant_id           TEXT    NOT NULL,
      tenant              TEXT    NOT NULL,
      country             TEXT,
      model               TEXT    NOT NULL,
      provider            TEXT    NOT NULL,
      upstream_model      TEXT    NOT NULL,
      status              INTEGER NOT NULL,
      complete            BOOLEAN NOT NULL,
      reported            BOOLEAN NOT NULL,
      input_tokens        BIGINT  NOT NULL,
      cached_input_tokens BIGINT  NOT NULL,
      output_tokens       BIGINT  NOT NULL,
      cost_nano_usd       BIGINT
    );
    CREATE INDEX usage_at ON usage (at);
    CREATE INDEX usage_seq ON usage (seq);

    CREATE TABLE usage_daily (
      day                 TEXT   NOT NULL,
      key_id              TEXT   NOT NULL,
      tenant_id           TEXT   NOT NULL,
      tenant              TEXT   NOT NULL,
      provider            TEXT   NOT NULL,
      upstream_model      TEXT   NOT NULL,
      country             TEXT   NOT NULL,
      requests            BIGINT NOT NULL,
      input_tokens        BIGINT NOT NULL,
      cached_input_tokens BIGINT NOT NULL,
      output_tokens       BIGINT NOT NULL,
      cost_nano_usd       BIGINT NOT NULL,
      unpriced            BIGINT NOT NULL,
      PRIMARY KEY (day, key_id, provider, upstream_model, country)
    );

    CREATE TABLE policy_versions (
      id             BIGINT NOT NULL PRIMARY KEY,
      document       TEXT   NOT NULL,
      hash           TEXT   NOT NULL CHECK (length(hash) = 64),
      source         TEXT   NOT NULL,
      author         TEXT   NOT NULL CHECK (length(author) > 0),
      reason         TEXT   NOT NULL CHECK (length(reason) > 0),
      approval       TEXT,
      action         TEXT   NOT NULL CHECK (action IN ('apply', 'rollback')),
      restores       BIGINT REFERENCES policy_versions (id),
      opens_at_law   TEXT   NOT NULL CHECK (opens_at_law::jsonb IS NOT NULL),
      created_at     BIGINT NOT NULL,
      effective_from BIGINT NOT NULL
    );
    CREATE INDEX policy_versions_effective ON policy_versions (effective_from, id);

    CREATE TABLE shadow_policy (
      id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
      document   TEXT    NOT NULL,
      hash       TEXT    NOT NULL CHECK (length(hash) = 64),
      source     TEXT    NOT NULL,
      started_at BIGINT  NOT NULL
    );

    CREATE TABLE shadow_differences (
      id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      request_id    TEXT   NOT NULL,
      at            BIGINT NOT NULL,
      live_hash     TEXT   NOT NULL,
      shadow_hash   TEXT   NOT NULL,
      country       TEXT,
      subdivisions  TEXT   NOT NULL,
      key_id        TEXT   NOT NULL,
      tenant        TEXT   NOT NULL,
      model         TEXT   NOT NULL,
      provider      TEXT   NOT NULL,
      live_effect   TEXT   NOT NULL CHECK (live_effect IN ('allow', 'deny')),
      live_rule     TEXT   NOT NULL,
      shadow_effect TEXT   NOT NULL CHECK (shadow_effect IN ('allow', 'deny')),
      shadow_rule   TEXT   NOT NULL
    );
    CREATE INDEX shadow_differences_at ON shadow_differences (at);

    CREATE FUNCTION cordon_notify_policy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('cordon_changes', json_build_object('schema', TG_TABLE_SCHEMA, 'topic', TG_ARGV[0])::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER policy_versions_notify AFTER INSERT ON policy_versions
      FOR EACH STATEMENT EXECUTE FUNCTION cordon_notify_policy('policy');
    CREATE TRIGGER shadow_policy_notify AFTER INSERT OR UPDATE OR DELETE ON shadow_policy
      FOR EACH STATEMENT EXECUTE FUNCTION cordon_notify_policy('shadow');
${AUDIT_APPEND_FUNCTION}
  `,
};
