/** Audit verification, usage and reach reports: what `cordon audit verify`, `usage` and `reach` print. */
import { usdAmount } from '../../metering/index.js';
import { reachView } from '../../operations/index.js';
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
        data: rows.map((r) => ({ ...r.group, requests: r.requests, input_tokens: r.inputTokens, cached_input_tokens: r.cachedInputTokens, output_tokens: r.outputTokens, cost_usd: usdAmount(r.costNanoUsd), unpriced: r.unpriced })),
      };
    },
    reachReport: async ({ query, at }) => {
      const range = lastDays(query, at);
      const live = await policy.live(at);
      return reachView(await policy.reach(live.compiled, range), live.version, range, isoTime);
    },
  };
}
