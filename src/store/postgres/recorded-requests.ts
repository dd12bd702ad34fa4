/**
 * Recorded requests on PostgreSQL: `decision_facts` joined with the request's `usage`, in time order,
 * read in pages by keyset (at, seq), so no connection or transaction is held between pages.
 */
import type { RecordedRequest } from '../../domain/recorded.js';
import type { RecordedRequests, TimeRange } from '../evidence-port.js';
import { toRecordedDecision, type DecisionFactsRow } from '../shared/decision-facts.js';
import { timeBounds } from '../shared/time-range.js';
import type { Db } from './connection.js';

interface Row extends DecisionFactsRow {
  readonly seq: number;
  readonly used_provider: string | null;
  readonly upstream_model: string | null;
  readonly reported: boolean | null;
  readonly input_tokens: number | null;
  readonly cached_input_tokens: number | null;
  readonly output_tokens: number | null;
  readonly cost_nano_usd: number | null;
}

const PAGE = `
  SELECT d.request_id, d.seq, d.at, d.country, d.subdivisions, d.asn, d.anonymizer, d.unknown, d.carrier, d.key_id, d.tenant,
         d.registered_country, d.model, d.providers, d.outcome, d.code, d.provider,
         u.provider AS used_provider, u.upstream_model, u.reported, u.input_tokens, u.cached_input_tokens, u.output_tokens, u.cost_nano_usd
  FROM decision_facts d LEFT JOIN usage u ON u.request_id = d.request_id
  WHERE (d.at > $1 OR (d.at = $1 AND d.seq > $2)) AND d.at < $3
  ORDER BY d.at, d.seq LIMIT $4`;

export class PgRecordedRequests implements RecordedRequests {
  constructor(private readonly db: Db) {}

  async *scan(range: TimeRange, batchSize = 10_000): AsyncIterable<readonly RecordedRequest[]> {
    let at = (range.from ?? Number.MIN_SAFE_INTEGER + 1) - 1;
    let seq = Number.MAX_SAFE_INTEGER;
    const to = range.to ?? Number.MAX_SAFE_INTEGER;
    for (;;) {
      const rows = await this.db.query<Row>(PAGE, [at, seq, to, batchSize]);
      const last = rows.at(-1);
      if (last === undefined) return;
      at = last.at;
      seq = last.seq;
      yield rows.map(toRecorded);
      if (rows.length < batchSize) return;
    }
  }

  async count(range: TimeRange): Promise<number> {
    const { from, to } = timeBounds(range);
    const [row] = await this.db.query<{ n: number }>('SELECT count(*) AS n FROM decision_facts WHERE at >= $1 AND at < $2', [from, to]);
    return row?.n ?? 0;
  }
}

function toRecorded(r: Row): RecordedRequest {
  const reported = r.reported === true && r.used_provider !== null;
  return {
    ...toRecordedDecision(r),
    usage: reported
      ? { provider: r.used_provider ?? '', upstreamModel: r.upstream_model ?? '', inputTokens: r.input_tokens ?? 0, cachedInputTokens: r.cached_input_tokens ?? 0, outputTokens: r.output_tokens ?? 0, costNanoUsd: r.cost_nano_usd }
      : null,
  };
}
