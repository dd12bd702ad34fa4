/**
 * The shadow policy and its differences on PostgreSQL. Differences are grouped like audit appends
 * (one insert per batch); the request path does not wait for them. Setting or clearing the shadow
 * policy notifies `cordon_changes`, so every instance starts or stops shadowing at once.
 */
import type { ShadowDifference, ShadowPolicy, ShadowReportRow, ShadowStore, TimeRange } from '../evidence-port.js';
import { LIST_SEPARATOR } from '../sqlite/evidence-projection.js';
import { bulkInsert, type Columns } from './bulk.js';
import type { Db } from './connection.js';
import { GroupCommit } from './group-commit.js';

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
    this.#inserts = new GroupCommit(async (batch) => {
      await bulkInsert(db, 'shadow_differences', DIFF_COLUMNS, batch.flatMap((p) => p.item));
      for (const p of batch) p.resolve();
    });
  }

  async get(): Promise<ShadowPolicy | null> {
    const [row] = await this.#db.query<{ document: string; hash: string; source: string; started_at: number }>('SELECT document, hash, source, started_at FROM shadow_policy WHERE id = 1');
    return row === undefined ? null : { document: row.document, hash: row.hash, source: row.source, startedAt: row.started_at };
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
    return this.#inserts.submit(rows.map(toRow));
  }

  async differences(range: TimeRange, limit: number): Promise<ShadowDifference[]> {
    const rows = await this.#db.query<DifferenceRow>(`SELECT ${COLUMN_LIST} FROM shadow_differences WHERE at >= $1 AND at < $2 ORDER BY at, id LIMIT $3`, [...bounds(range), limit]);
    return rows.map(fromRow);
  }

  async report(range: TimeRange, shadowHash: string | null): Promise<ShadowReportRow[]> {
    const rows = await this.#db.query<{ country: string | null; provider: string; live_effect: string; requests: number; keys: number; rules: string | null }>(
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
      [...bounds(range), shadowHash],
    );
    return rows.map((r) => ({
      country: r.country,
      provider: r.provider,
      change: r.live_effect === 'allow' ? 'allow_to_deny' : 'deny_to_allow',
      requests: r.requests,
      keys: r.keys,
      shadowRules: r.rules === null || r.rules === '' ? [] : r.rules.split(' '),
    }));
  }

  flush(): Promise<void> {
    return this.#inserts.flush();
  }
}

function bounds(range: TimeRange): [number, number] {
  return [range.from ?? Number.MIN_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER];
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
