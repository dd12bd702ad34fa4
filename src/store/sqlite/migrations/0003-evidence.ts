import type { Migration } from './migration.js';

/**
 * Evidence (docs/audit.md, docs/metering.md, docs/policy.md): the hash-chained audit log and its
 * checkpoints; projections of its decision and usage records kept for queries, derived from the log
 * off the request path (ADR 0009, projection-catch-up.ts): `decision_facts` (one row per decision, in
 * log order, completed with the request's usage when it ends — what simulation replays), `usage` (one
 * row per answered request) and the `usage_daily` rollup; policy versions; the shadow policy and the
 * differences it found. Times are epoch milliseconds; costs are integer nano-USD.
 */
export const evidence: Migration = {
  version: 3,
  name: 'evidence',
  sql: `
    CREATE TABLE audit_log (
      seq       INTEGER NOT NULL PRIMARY KEY,
      at        INTEGER NOT NULL,
      kind      TEXT    NOT NULL CHECK (kind IN ('decision', 'usage', 'action', 'policy_change', 'audit')),
      ref       TEXT    NOT NULL,
      data      TEXT    NOT NULL,
      prev_hash TEXT    NOT NULL CHECK (length(prev_hash) = 64),
      hash      TEXT    NOT NULL CHECK (length(hash) = 64)
    ) STRICT;
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_ref ON audit_log (ref);

    CREATE TABLE audit_checkpoints (
      id            INTEGER NOT NULL PRIMARY KEY,
      kind          TEXT    NOT NULL CHECK (kind IN ('prune', 'anchor')),
      seq           INTEGER NOT NULL,
      hash          TEXT    NOT NULL CHECK (length(hash) = 64),
      at            INTEGER NOT NULL,
      pruned_before INTEGER,
      pruned        INTEGER NOT NULL DEFAULT 0,
      signature     TEXT
    ) STRICT;
    CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (kind, seq);

    CREATE TABLE decision_facts (
      seq                 INTEGER NOT NULL PRIMARY KEY,
      request_id          TEXT    NOT NULL,
      at                  INTEGER NOT NULL,
      country             TEXT,
      subdivisions        TEXT    NOT NULL,
      asn                 INTEGER,
      anonymizer          TEXT    NOT NULL,
      unknown             TEXT,
      key_id              TEXT    NOT NULL,
      tenant              TEXT    NOT NULL,
      registered_country  TEXT,
      model               TEXT    NOT NULL,
      providers           TEXT    NOT NULL,
      outcome             TEXT    NOT NULL CHECK (outcome IN ('routed', 'refused')),
      code                TEXT,
      provider            TEXT,
      served_provider     TEXT,
      served_model        TEXT,
      input_tokens        INTEGER,
      cached_input_tokens INTEGER,
      output_tokens       INTEGER,
      cost_nano_usd       INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX decision_facts_request ON decision_facts (request_id);
    CREATE INDEX decision_facts_at ON decision_facts (at);

    CREATE TABLE usage (
      request_id          TEXT    NOT NULL PRIMARY KEY,
      seq                 INTEGER NOT NULL,
      at                  INTEGER NOT NULL,
      day                 TEXT    NOT NULL,
      key_id              TEXT    NOT NULL,
      tenant_id           TEXT    NOT NULL,
      tenant              TEXT    NOT NULL,
      country             TEXT,
      model               TEXT    NOT NULL,
      provider            TEXT    NOT NULL,
      upstream_model      TEXT    NOT NULL,
      status              INTEGER NOT NULL,
      complete            INTEGER NOT NULL CHECK (complete IN (0, 1)),
      reported            INTEGER NOT NULL CHECK (reported IN (0, 1)),
      input_tokens        INTEGER NOT NULL,
      cached_input_tokens INTEGER NOT NULL,
      output_tokens       INTEGER NOT NULL,
      cost_nano_usd       INTEGER
    ) STRICT;
    CREATE INDEX usage_at ON usage (at);
    CREATE INDEX usage_seq ON usage (seq);

    CREATE TABLE usage_daily (
      day                 TEXT    NOT NULL,
      key_id              TEXT    NOT NULL,
      tenant_id           TEXT    NOT NULL,
      tenant              TEXT    NOT NULL,
      provider            TEXT    NOT NULL,
      upstream_model      TEXT    NOT NULL,
      country             TEXT    NOT NULL,
      requests            INTEGER NOT NULL,
      input_tokens        INTEGER NOT NULL,
      cached_input_tokens INTEGER NOT NULL,
      output_tokens       INTEGER NOT NULL,
      cost_nano_usd       INTEGER NOT NULL,
      unpriced            INTEGER NOT NULL,
      PRIMARY KEY (day, key_id, provider, upstream_model, country)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE policy_versions (
      id             INTEGER NOT NULL PRIMARY KEY,
      document       TEXT    NOT NULL,
      hash           TEXT    NOT NULL CHECK (length(hash) = 64),
      source         TEXT    NOT NULL,
      author         TEXT    NOT NULL CHECK (length(author) > 0),
      reason         TEXT    NOT NULL CHECK (length(reason) > 0),
      approval       TEXT,
      action         TEXT    NOT NULL CHECK (action IN ('apply', 'rollback')),
      restores       INTEGER REFERENCES policy_versions (id),
      opens_at_law   TEXT    NOT NULL CHECK (json_valid(opens_at_law)),
      created_at     INTEGER NOT NULL,
      effective_from INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX policy_versions_effective ON policy_versions (effective_from, id);

    CREATE TABLE shadow_policy (
      id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
      document   TEXT    NOT NULL,
      hash       TEXT    NOT NULL CHECK (length(hash) = 64),
      source     TEXT    NOT NULL,
      started_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE shadow_differences (
      id            INTEGER NOT NULL PRIMARY KEY,
      request_id    TEXT    NOT NULL,
      at            INTEGER NOT NULL,
      live_hash     TEXT    NOT NULL,
      shadow_hash   TEXT    NOT NULL,
      country       TEXT,
      subdivisions  TEXT    NOT NULL,
      key_id        TEXT    NOT NULL,
      tenant        TEXT    NOT NULL,
      model         TEXT    NOT NULL,
      provider      TEXT    NOT NULL,
      live_effect   TEXT    NOT NULL CHECK (live_effect IN ('allow', 'deny')),
      live_rule     TEXT    NOT NULL,
      shadow_effect TEXT    NOT NULL CHECK (shadow_effect IN ('allow', 'deny')),
      shadow_rule   TEXT    NOT NULL
    ) STRICT;
    CREATE INDEX shadow_differences_at ON shadow_differences (at);
  `,
};
