/**
 * The JSON views of a semantic diff, a simulation, reach and the shadow policy's report, as the admin
 * API answers them (the documented contract: src/admin/contract/foresight.ts and reports.ts) and
 * `cordon policy diff|simulate|shadow-report --json` and `cordon reach --json` print them. Each edge names its policies in its own words (`live (v3)`, a file)
 * and passes its time format; the fields are the same. Types only, beside the USD rounding.
 */
import { usdAmount } from '../metering/index.js';
import type { PlaceChange, SemanticDiff } from '../policy/index.js';
import type { ReachResult, SimulationResult, TableRow, TableTotals } from '../simulation/index.js';
import type { ShadowPolicy, ShadowReportRow, TimeRange } from '../store/evidence-port.js';
import type { TimeText } from './views.js';

/** A range's end as printed: text where the range has one; null only where it may be open. */
type EndText<T extends number | null> = T extends number ? string : string | null;

/** The replayed range: a closed one (the admin API's default period) prints two times, an open end null. */
function rangeView<R extends TimeRange>(range: R, time: TimeText): { from: EndText<R['from']>; to: EndText<R['to']> } {
  const end = (ms: number | null) => (ms === null ? null : time(ms));
  // The conditional type is what the two calls give: a number end becomes text, a null end stays null.
  return { from: end(range.from), to: end(range.to) } as { from: EndText<R['from']>; to: EndText<R['to']> };
}

/** A policy as a view names it: the edge's words for it (`live (v3)`, a file, `document`) and its hash. */
export interface PolicySide {
  readonly policy: string;
  readonly hash: string;
}

/** The places whose effect flips between `base` and `candidate`, step by step from the instant compared at. */
export function diffView(diff: SemanticDiff, base: PolicySide, candidate: PolicySide, time: TimeText) {
  const change = (c: PlaceChange) => ({ kind: c.kind, place: c.place, from: c.from, to: c.to });
  return {
    base: { policy: base.policy, hash: base.hash },
    candidate: { policy: candidate.policy, hash: candidate.hash },
    probes: diff.probes,
    steps: diff.steps.map((s) => ({ at: time(s.at), providers: s.providers.map((p) => ({ provider: p.provider, opened: p.opened.map(change), closed: p.closed.map(change) })) })),
  };
}

/** The shadow policy running (null: none) and the differences recorded over the range. */
export function shadowView<R extends TimeRange>(shadow: ShadowPolicy | null, rows: readonly ShadowReportRow[], range: R, time: TimeText) {
  return {
    running: shadow !== null,
    shadow: shadow === null ? null : { hash: shadow.hash, source: shadow.source, started_at: time(shadow.startedAt) },
    ...rangeView(range, time),
    report: rows.map((r) => ({ country: r.country, provider: r.provider, change: r.change, requests: r.requests, keys: r.keys, shadow_rules: r.shadowRules })),
  };
}

/** `base` and `candidate` name the two policies as the edge was given them. */
export function simulationView<R extends TimeRange>(r: SimulationResult, names: { readonly base: string; readonly candidate: string }, range: R, time: TimeText) {
  return {
    base: { policy: names.base, hash: r.baselineHash },
    candidate: { policy: names.candidate, hash: r.candidateHash },
    ...rangeView(range, time),
    scanned: r.scanned,
    skipped: r.skipped,
    rerouted: r.rerouted,
    rows: r.rows.map((row) => ({ change: row.change, ...tableRowView(row) })),
    totals: { opened: totalsView(r.totals.opened), closed: totalsView(r.totals.closed) },
    estimates: r.estimates.map((e) => ({ model: e.model, basis: e.basis, requests: e.requests })),
  };
}

/** `version`: the live policy's stored version, or null for the config's policy. */
export function reachView<R extends TimeRange>(r: ReachResult, version: number | null, range: R, time: TimeText) {
  return {
    ...rangeView(range, time),
    policy_hash: r.policyHash,
    policy_version: version,
    scanned: r.scanned,
    refused: r.refused,
    by_country: r.byCountry.map((c) => ({ country: c.country, requests: c.requests, keys: c.keys })),
    rows: r.rows.map((row) => ({ layer: row.change, ...tableRowView(row), top_rule: r.topRules.get(`${row.country}|${row.provider}`) ?? null })),
    totals: totalsView(r.totals),
  };
}

/** Requests, keys, tokens and revenue of one country and provider. */
function tableRowView(row: TableRow<string>) {
  return { country: row.country, provider: row.provider, requests: row.requests, keys: row.keys, tokens: row.tokens, estimated: row.estimated, revenue_usd: usdAmount(row.revenueNanoUsd), unpriced: row.unpriced };
}

function totalsView(t: TableTotals) {
  return { requests: t.requests, keys: t.keys, tokens: t.tokens, estimated: t.estimated, revenue_usd: usdAmount(t.revenueNanoUsd) };
}
