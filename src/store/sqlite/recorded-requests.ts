/**
 * Recorded requests for simulation and reach: `decision_facts` rows (each completed with its
 * request's usage), read in log order by rowid range — a sequential scan, the cheapest read SQLite
 * has — in pages, so the connection is never held between pages (the gateway may be appending on it
 * meanwhile). The time range first narrows the rowid range through the `at` index, then filters.
 */
import type Database from 'better-sqlite3';
import type { RecordedRequest } from '../../domain/recorded.js';
import type { RecordedRequests, TimeRange } from '../evidence-port.js';
import { carrierFromText, toOutcome } from '../shared/decision-facts.js';
import { LIST_SEPARATOR } from '../shared/lists.js';
import { timeBounds } from '../shared/time-range.js';

type Row = [
  seq: number,
  requestId: string,
  at: number,
  country: string | null,
  subdivisions: string,
  asn: number | null,
  anonymizer: string,
  unknown: string | null,
  keyId: string,
  tenant: string,
  registeredCountry: string | null,
  model: string,
  providers: string,
  outcome: string,
  code: string | null,
  provider: string | null,
  servedProvider: string | null,
  servedModel: string | null,
  inputTokens: number | null,
  cachedInputTokens: number | null,
  outputTokens: number | null,
  costNanoUsd: number | null,
  carrier: string | null,
];

interface Page {
  readonly after: number;
  readonly last: number;
  readonly from: number;
  readonly to: number;
  readonly limit: number;
}

const COLUMNS = `seq, request_id, at, country, subdivisions, asn, anonymizer, unknown, key_id, tenant, registered_country, model, providers,
  outcome, code, provider, served_provider, served_model, input_tokens, cached_input_tokens, output_tokens, cost_nano_usd, carrier`;

export class SqliteRecordedRequests implements RecordedRequests {
  readonly #page: Database.Statement<Page, Row>;
  readonly #bounds: Database.Statement<{ from: number; to: number }, { first: number | null; last: number | null }>;
  readonly #count: Database.Statement<{ from: number; to: number }, { n: number }>;

  /** Brings the projections up to the audit log; called before every read (projection-catch-up.ts). */
  readonly #catchUp: () => Promise<void>;

  constructor(db: Database.Database, catchUp: () => Promise<void>) {
    this.#catchUp = catchUp;
    this.#page = db
      .prepare<Page, Row>(`SELECT ${COLUMNS} FROM decision_facts WHERE seq > @after AND seq <= @last AND at >= @from AND at < @to ORDER BY seq LIMIT @limit`)
      .raw(true);
    this.#bounds = db.prepare('SELECT min(seq) AS first, max(seq) AS last FROM decision_facts WHERE at >= @from AND at < @to');
    this.#count = db.prepare('SELECT count(*) AS n FROM decision_facts WHERE at >= @from AND at < @to');
  }

  async *scan(range: TimeRange, batchSize = 2000): AsyncIterable<readonly RecordedRequest[]> {
    await this.#catchUp();
    const window = timeBounds(range);
    const bounds = this.#bounds.get(window);
    if (bounds?.first == null || bounds.last == null) return;
    const lists = new ListCache();
    let after = bounds.first - 1;
    for (;;) {
      // Each page is read to its end before it is handed out, so no statement stays open across a
      // yield; rows are converted as they come (no array of raw rows: fewer objects live at once).
      const batch: RecordedRequest[] = [];
      for (const r of this.#page.iterate({ after, last: bounds.last, ...window, limit: batchSize })) {
        batch.push(toRecorded(r, lists));
        after = r[0];
      }
      if (batch.length === 0) return;
      yield batch;
      if (batch.length < batchSize) return;
    }
  }

  async count(range: TimeRange): Promise<number> {
    await this.#catchUp();
    return this.#count.get(timeBounds(range))?.n ?? 0;
  }
}

/** Lists repeat from row to row (the same providers, flags, subdivisions): split each text once. */
class ListCache {
  readonly #lists = new Map<string, readonly string[]>();

  get(text: string): readonly string[] {
    if (text === '') return EMPTY;
    let list = this.#lists.get(text);
    if (list === undefined) {
      list = Object.freeze(text.split(LIST_SEPARATOR));
      if (this.#lists.size < 10_000) this.#lists.set(text, list);
    }
    return list;
  }
}

const EMPTY: readonly string[] = Object.freeze([]);

function toRecorded(r: Row, lists: ListCache): RecordedRequest {
  return {
    requestId: r[1],
    at: r[2],
    country: r[3],
    subdivisions: lists.get(r[4]),
    asn: r[5],
    anonymizer: lists.get(r[6]),
    unknown: r[7],
    carrier: r[22] === null ? null : carrierFromText(r[22]),
    keyId: r[8],
    tenant: r[9],
    registeredCountry: r[10],
    model: r[11],
    providers: lists.get(r[12]),
    outcome: toOutcome(r[13]),
    code: r[14],
    provider: r[15],
    usage:
      r[16] === null
        ? null
        : { provider: r[16], upstreamModel: r[17] ?? '', inputTokens: r[18] ?? 0, cachedInputTokens: r[19] ?? 0, outputTokens: r[20] ?? 0, costNanoUsd: r[21] },
  };
}
