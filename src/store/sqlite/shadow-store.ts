/**
 * The shadow policy (one at a time) and the differences it found. Differences are written through the
 * write batcher, like audit appends, but the request path does not wait for them.
 */
import type Database from 'better-sqlite3';
import type { ShadowDifference, ShadowPolicy, ShadowReportRow, ShadowStore, TimeRange } from '../evidence-port.js';
import { LIST_SEPARATOR } from './evidence-projection.js';
import type { WriteBatcher } from './write-batcher.js';

interface DifferenceRow {
  readonly request_id: string;
  readonly at: number;
  readonly live_hash: string;
  readonly shadow_hash: string;
  readonly country: string | null;
  readonly subdivisions: string;
  readonly key_id: string;
  readonly tenant: string;
  readonly model: string;
  readonly provider: string;
  readonly live_effect: string;
  readonly live_rule: string;
  readonly shadow_effect: string;
  readonly shadow_rule: string;
}

interface ReportRow {
  readonly country: string | null;
  readonly provider: string;
  readonly live_effect: string;
  readonly requests: number;
  readonly keys: number;
  readonly rules: string;
}

const DIFF_COLUMNS = 'request_id, at, live_hash, shadow_hash, country, subdivisions, key_id, tenant, model, provider, live_effect, live_rule, shadow_effect, shadow_rule';

export class SqliteShadowStore implements ShadowStore {
  readonly #db: Database.Database;
  readonly #batcher: WriteBatcher;
  readonly #insert: Database.Statement<DifferenceRow>;

  constructor(db: Database.Database, batcher: WriteBatcher) {
    this.#db = db;
    this.#batcher = batcher;
    this.#insert = db.prepare(`INSERT INTO shadow_differences (${DIFF_COLUMNS}) VALUES (${DIFF_COLUMNS.split(', ').map((c) => `@${c}`).join(', ')})`);
  }

  async get(): Promise<ShadowPolicy | null> {
    const row = this.#db.prepare<[], { document: string; hash: string; source: string; started_at: number }>('SELECT document, hash, source, started_at FROM shadow_policy WHERE id = 1').get();
    return row === undefined ? null : { document: row.document, hash: row.hash, source: row.source, startedAt: row.started_at };
  }

  async set(p: ShadowPolicy): Promise<void> {
    this.#db
      .prepare('INSERT OR REPLACE INTO shadow_policy (id, document, hash, source, started_at) VALUES (1, ?, ?, ?, ?)')
      .run(p.document, p.hash, p.source, p.startedAt);
  }

  async clear(): Promise<boolean> {
    return this.#db.prepare('DELETE FROM shadow_policy WHERE id = 1').run().changes > 0;
  }

  recordDifferences(rows: readonly ShadowDifference[]): Promise<void> {
    return this.#batcher.submit(() => {
      for (const d of rows) this.#insert.run(toRow(d));
    });
  }

  async differences(range: TimeRange, limit: number): Promise<ShadowDifference[]> {
    return this.#db
      .prepare<{ from: number; to: number; limit: number }, DifferenceRow>(`SELECT ${DIFF_COLUMNS} FROM shadow_differences WHERE at >= @from AND at < @to ORDER BY at, id LIMIT @limit`)
      .all({ ...bounds(range), limit })
      .map(fromRow);
  }

  async report(range: TimeRange, shadowHash: string | null): Promise<ShadowReportRow[]> {
    const rows = this.#db
      .prepare<{ from: number; to: number; hash: string | null }, ReportRow>(
        `SELECT country, provider, live_effect, count(DISTINCT request_id) AS requests, count(DISTINCT key_id) AS keys,
                (SELECT group_concat(shadow_rule, ' ') FROM (
                   SELECT shadow_rule FROM shadow_differences i
                   WHERE i.country IS o.country AND i.provider = o.provider AND i.live_effect = o.live_effect
                     AND i.at >= @from AND i.at < @to AND (@hash IS NULL OR i.shadow_hash = @hash)
                   GROUP BY shadow_rule ORDER BY count(*) DESC, shadow_rule LIMIT 3)) AS rules
         FROM shadow_differences o
         WHERE at >= @from AND at < @to AND (@hash IS NULL OR shadow_hash = @hash)
         GROUP BY country, provider, live_effect
         ORDER BY requests DESC, country, provider`,
      )
      .all({ ...bounds(range), hash: shadowHash });
    return rows.map((r) => ({
      country: r.country,
      provider: r.provider,
      change: r.live_effect === 'allow' ? 'allow_to_deny' : 'deny_to_allow',
      requests: r.requests,
      keys: r.keys,
      shadowRules: r.rules === null || r.rules === '' ? [] : r.rules.split(' '),
    }));
  }
}

function bounds(range: TimeRange): { from: number; to: number } {
  return { from: range.from ?? Number.MIN_SAFE_INTEGER, to: range.to ?? Number.MAX_SAFE_INTEGER };
}

function toRow(d: ShadowDifference): DifferenceRow {
  return {
    request_id: d.requestId,
    at: d.at,
    live_hash: d.liveHash,
    shadow_hash: d.shadowHash,
    country: d.country,
    subdivisions: d.subdivisions.join(LIST_SEPARATOR),
    key_id: d.keyId,
    tenant: d.tenant,
    model: d.model,
    provider: d.provider,
    live_effect: d.liveEffect,
    live_rule: d.liveRule,
    shadow_effect: d.shadowEffect,
    shadow_rule: d.shadowRule,
  };
}

function fromRow(r: DifferenceRow): ShadowDifference {
  return {
    requestId: r.request_id,
    at: r.at,
    liveHash: r.live_hash,
    shadowHash: r.shadow_hash,
    country: r.country,
    subdivisions: r.subdivisions === '' ? [] : r.subdivisions.split(LIST_SEPARATOR),
    keyId: r.key_id,
    tenant: r.tenant,
    model: r.model,
    provider: r.provider,
    liveEffect: r.live_effect === 'allow' ? 'allow' : 'deny',
    liveRule: r.live_rule,
    shadowEffect: r.shadow_effect === 'allow' ? 'allow' : 'deny',
    shadowRule: r.shadow_rule,
  };
}
