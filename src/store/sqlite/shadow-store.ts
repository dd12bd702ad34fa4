/**
 * The shadow policy (one at a time) and the differences it found. Differences are written through the
 * group commit, like audit appends, but the request path does not wait for them.
 */
import type Database from 'better-sqlite3';
import type { ShadowDifference, ShadowPolicy, ShadowReportRow, ShadowStore, TimeRange } from '../evidence-port.js';
import { toDifference, toDifferenceRow, toReportRow, toShadowPolicy, type DifferenceRow, type ReportQueryRow, type ShadowPolicyRow } from '../shared/shadow-rows.js';
import { timeBounds } from '../shared/time-range.js';
import type { SqliteGroupCommit } from './group-commit.js';

const DIFF_COLUMNS = 'request_id, at, live_hash, shadow_hash, country, subdivisions, key_id, tenant, model, provider, live_effect, live_rule, shadow_effect, shadow_rule';

export class SqliteShadowStore implements ShadowStore {
  readonly #db: Database.Database;
  readonly #batcher: SqliteGroupCommit;
  readonly #insert: Database.Statement<DifferenceRow>;

  constructor(db: Database.Database, batcher: SqliteGroupCommit) {
    this.#db = db;
    this.#batcher = batcher;
    this.#insert = db.prepare(`INSERT INTO shadow_differences (${DIFF_COLUMNS}) VALUES (${DIFF_COLUMNS.split(', ').map((c) => `@${c}`).join(', ')})`);
  }

  async get(): Promise<ShadowPolicy | null> {
    const row = this.#db.prepare<[], ShadowPolicyRow>('SELECT document, hash, source, started_at FROM shadow_policy WHERE id = 1').get();
    return row === undefined ? null : toShadowPolicy(row);
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
      for (const d of rows) this.#insert.run(toDifferenceRow(d));
    });
  }

  async differences(range: TimeRange, limit: number): Promise<ShadowDifference[]> {
    return this.#db
      .prepare<{ from: number; to: number; limit: number }, DifferenceRow>(`SELECT ${DIFF_COLUMNS} FROM shadow_differences WHERE at >= @from AND at < @to ORDER BY at, id LIMIT @limit`)
      .all({ ...timeBounds(range), limit })
      .map(toDifference);
  }

  async report(range: TimeRange, shadowHash: string | null): Promise<ShadowReportRow[]> {
    const rows = this.#db
      .prepare<{ from: number; to: number; hash: string | null }, ReportQueryRow>(
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
      .all({ ...timeBounds(range), hash: shadowHash });
    return rows.map(toReportRow);
  }
}
