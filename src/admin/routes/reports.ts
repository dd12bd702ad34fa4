/** Audit verification, usage and reach reports: what `cordon audit verify`, `usage` and `reach` print. */
import type { TableRow, TableTotals } from '../../simulation/index.js';
import { USAGE_DIMENSIONS, type UsageDimension } from '../../store/evidence-port.js';
import type { EvidenceService, PolicyService } from '../evidence-ports.js';
import { invalid, queryInstant } from '../request.js';
import type { AdminRoute } from '../router.js';
import { isoTime } from '../wire.js';

export function reportRoutes(evidence: EvidenceService, policy: PolicyService): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/admin/audit/verify',
      role: 'read',
      async handle() {
        const v = await evidence.verify();
        return {
          body: {
            ok: v.ok,
            checked: v.report.checked,
            start: { seq: v.report.start.seq, hash: v.report.start.hash },
            head: { seq: v.report.head.seq, hash: v.report.head.hash },
            problems: v.report.problems.map((p) => ({ kind: p.kind, seq: p.seq, ref: p.ref, message: p.message })),
            truncated: v.report.truncated,
            checkpoints: v.checkpoints.map((c) => ({ kind: c.checkpoint.kind, seq: c.checkpoint.seq, at: isoTime(c.checkpoint.at), signature: c.signature })),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/admin/usage',
      role: 'read',
      async handle(req) {
        const range = { from: queryInstant(req.query, 'from', req.at - 30 * 86_400_000), to: queryInstant(req.query, 'to', req.at + 1) };
        const by = (req.query.get('by') ?? 'country').split(',').filter((s) => s !== '');
        const bad = by.find((d) => !(USAGE_DIMENSIONS as readonly string[]).includes(d));
        if (bad !== undefined || by.length === 0) throw invalid('by', `by: expected a comma-separated list of ${USAGE_DIMENSIONS.join(', ')}.`);
        const rows = await evidence.usage.summary(range, by as UsageDimension[]);
        return {
          body: {
            from: isoTime(range.from),
            to: isoTime(range.to),
            by,
            data: rows.map((r) => ({ ...r.group, requests: r.requests, input_tokens: r.inputTokens, cached_input_tokens: r.cachedInputTokens, output_tokens: r.outputTokens, cost_usd: usd(r.costNanoUsd), unpriced: r.unpriced })),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/admin/reach',
      role: 'read',
      async handle(req) {
        const range = { from: queryInstant(req.query, 'from', req.at - 30 * 86_400_000), to: queryInstant(req.query, 'to', req.at + 1) };
        const live = await policy.live(req.at);
        const r = await policy.reach(live.compiled, range);
        return {
          body: {
            from: isoTime(range.from),
            to: isoTime(range.to),
            policy_hash: r.policyHash,
            policy_version: live.version,
            scanned: r.scanned,
            refused: r.refused,
            by_country: r.byCountry.map((c) => ({ country: c.country, requests: c.requests, keys: c.keys })),
            rows: r.rows.map((row) => ({ layer: row.change, ...tableRowJson(row), top_rule: r.topRules.get(`${row.country}|${row.provider}`) ?? null })),
            totals: totalsJson(r.totals),
          },
        };
      },
    },
  ];
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
