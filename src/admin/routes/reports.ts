/** Audit verification, usage and reach reports: what `cordon audit verify`, `usage` and `reach` print. */
import type { TableRow, TableTotals } from '../../simulation/index.js';
import type { REPORT_ENDPOINTS } from '../contract/reports.js';
import type { EvidenceService, PolicyService } from '../evidence-ports.js';
import { lastDays } from '../request.js';
import type { Handlers } from '../router.js';
import { isoTime } from '../wire.js';

export function reportHandlers(evidence: EvidenceService, policy: PolicyService): Handlers<typeof REPORT_ENDPOINTS> {
  return {
    verifyAudit: async () => {
      const v = await evidence.verify();
      return {
        ok: v.ok,
        checked: v.report.checked,
        start: { seq: v.report.start.seq, hash: v.report.start.hash },
        head: { seq: v.report.head.seq, hash: v.report.head.hash },
        problems: v.report.problems.map((p) => ({ kind: p.kind, seq: p.seq, ref: p.ref, message: p.message })),
        truncated: v.report.truncated,
        checkpoints: v.checkpoints.map((c) => ({ kind: c.checkpoint.kind, seq: c.checkpoint.seq, at: isoTime(c.checkpoint.at), signature: c.signature })),
      };
    },
    usageReport: async ({ query, at }) => {
      const { from, to } = lastDays(query, at);
      const rows = await evidence.usage.summary({ from, to }, query.by);
      return {
        from: isoTime(from),
        to: isoTime(to),
        by: query.by,
        data: rows.map((r) => ({ ...r.group, requests: r.requests, input_tokens: r.inputTokens, cached_input_tokens: r.cachedInputTokens, output_tokens: r.outputTokens, cost_usd: usd(r.costNanoUsd), unpriced: r.unpriced })),
      };
    },
    reachReport: async ({ query, at }) => {
      const { from, to } = lastDays(query, at);
      const live = await policy.live(at);
      const r = await policy.reach(live.compiled, { from, to });
      return {
        from: isoTime(from),
        to: isoTime(to),
        policy_hash: r.policyHash,
        policy_version: live.version,
        scanned: r.scanned,
        refused: r.refused,
        by_country: r.byCountry.map((c) => ({ country: c.country, requests: c.requests, keys: c.keys })),
        rows: r.rows.map((row) => ({ layer: row.change, ...tableRowJson(row), top_rule: r.topRules.get(`${row.country}|${row.provider}`) ?? null })),
        totals: totalsJson(r.totals),
      };
    },
  };
}

/** USD with six decimals, as a number. */
export function usd(nano: number): number {
  return Math.round(nano / 1000) / 1e6;
}

export function tableRowJson(row: TableRow<string>) {
  return { country: row.country, provider: row.provider, requests: row.requests, keys: row.keys, tokens: row.tokens, estimated: row.estimated, revenue_usd: usd(row.revenueNanoUsd), unpriced: row.unpriced };
}

export function totalsJson(t: TableTotals) {
  return { requests: t.requests, keys: t.keys, tokens: t.tokens, estimated: t.estimated, revenue_usd: usd(t.revenueNanoUsd) };
}
