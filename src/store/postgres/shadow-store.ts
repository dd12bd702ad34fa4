/**
 * The shadow policy and its differences on PostgreSQL. Differences are grouped like audit appends
 * (one insert per batch); the request path does not wait for them. Setting or clearing the shadow
 * policy notifies `cordon_changes`, so every instance starts or stops shadowing at once.
 */
import type { ShadowDifference, ShadowPolicy, ShadowReportRow, ShadowStore, TimeRange } from '../evidence-port.js';
import { toDifference, toDifferenceRow, toReportRow, toShadowPolicy, type DifferenceRow, type ReportQueryRow, type ShadowPolicyRow } from '../shared/shadow-rows.js';
import type { GroupCommit } from '../shared/group-commit.js';
import { timeBounds } from '../shared/time-range.js';
import { bulkInsert, type Columns } from './bulk.js';
import type { Db } from './connection.js';
import { pgGroupCommit } from './group-commit.js';

const DIFF_COLUMNS: Columns<DifferenceRow> = [
  ['request_id', 'text'], ['at', 'int8'], ['live_hash', 'text'], ['shadow_hash', 'text'], ['country', 'text'], ['subdivisions', 'text'],
  ['key_id', 'text'], ['tenant', 'text'], ['model', 'text'], ['provider', 'text'], ['live_effect', 'text'], ['live_rule', 'text'],
  ['shadow_effect', 'text'], ['shadow_rule', 'text'],
];
const COLUMN_LIST = DIFF_COLUMNS.map(([c]) => c).join(', ');

export class PgShadowStore implements ShadowStore {
  readonly #db: Db;
  readonly #inserts: GroupCommit<readonly DifferenceRow[], void>;

  constructor(db: Db) {
    this.#db = db;
    this.#inserts = pgGroupCommit(db, (batch) => bulkInsert(db, 'shadow_differences', DIFF_COLUMNS, batch.flat()));
  }

  async get(): Promise<ShadowPolicy | null> {
    const [row] = await this.#db.query<ShadowPolicyRow>('SELECT document, hash, source, started_at FROM shadow_policy WHERE id = 1');
    return row === undefined ? null : toShadowPolicy(row);
  }

  async set(p: ShadowPolicy): Promise<void> {
    await this.#db.query(
      `INSERT INTO shadow_policy (id, document, hash, source, started_at) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET document = excluded.document, hash = excluded.hash, source = excluded.source, started_at = excluded.started_at`,
      [p.document, p.hash, p.source, p.startedAt],
    );
  }

  async clear(): Promise<boolean> {
    return (await this.#db.query<{ id: number }>('DELETE FROM shadow_policy WHERE id = 1 RETURNING id')).length > 0;
  }

  recordDifferences(rows: readonly ShadowDifference[]): Promise<void> {
    return this.#inserts.submit(rows.map(toDifferenceRow));
  }

  async differences(range: TimeRange, limit: number): Promise<ShadowDifference[]> {
    const { from, to } = timeBounds(range);
    const rows = await this.#db.query<DifferenceRow>(`SELECT ${COLUMN_LIST} FROM shadow_differences WHERE at >= $1 AND at < $2 ORDER BY at, id LIMIT $3`, [from, to, limit]);
    return rows.map(toDifference);
  }

  async report(range: TimeRange, shadowHash: string | null): Promise<ShadowReportRow[]> {
    const { from, to } = timeBounds(range);
    const rows = await this.#db.query<ReportQueryRow>(
      `SELECT country, provider, live_effect, count(DISTINCT request_id) AS requests, count(DISTINCT key_id) AS keys,
              (SELECT string_agg(shadow_rule, ' ' ORDER BY n DESC, shadow_rule COLLATE "C") FROM (
                 SELECT shadow_rule, count(*) AS n FROM shadow_differences i
                 WHERE i.country IS NOT DISTINCT FROM o.country AND i.provider = o.provider AND i.live_effect = o.live_effect
                   AND i.at >= $1 AND i.at < $2 AND ($3::text IS NULL OR i.shadow_hash = $3)
                 GROUP BY shadow_rule ORDER BY n DESC, shadow_rule COLLATE "C" LIMIT 3) top) AS rules
       FROM shadow_differences o
       WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR shadow_hash = $3)
       GROUP BY country, provider, live_effect
       ORDER BY requests DESC, country COLLATE "C" NULLS FIRST, provider COLLATE "C"`,
      [from, to, shadowHash],
    );
    return rows.map(toReportRow);
  }

  flush(): Promise<void> {
    return this.#inserts.flush();
  }
}
