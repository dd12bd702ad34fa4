/**
 * Decisions: search the recorded ones (by key, tenant, country, outcome, time), and one decision by
 * its id with its full explanation — the audit records about it (decision, usage), what the rules
 * that decided mean in the live policy, and the violations the request raised.
 */
import type { AuditRecord } from '../../audit/index.js';
import { violationJson } from '../../enforcement/service/index.js';
import type { CompiledPolicy } from '../../policy/index.js';
import { DECISION_OUTCOMES, type AdminQueries, type DecisionRow } from '../../store/admin-query-port.js';
import type { EnforcementStore } from '../../store/enforcement-port.js';
import type { EvidenceService } from '../evidence-ports.js';
import { invalid, notFound, queryCountry, queryEnum, queryInstant, queryInt } from '../request.js';
import type { AdminRoute } from '../router.js';
import { isoTime, list } from '../wire.js';

export interface DecisionRouteDeps {
  readonly queries: AdminQueries;
  readonly evidence: EvidenceService;
  readonly enforcement: EnforcementStore;
  readonly policy: () => CompiledPolicy;
}

/** `allowed` and `refused` on the wire; `routed` and `refused` in the store. */
const EFFECTS = ['allowed', 'refused'] as const;

export function decisionRoutes(deps: DecisionRouteDeps): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/admin/decisions',
      role: 'read',
      async handle(req) {
        const q = req.query;
        const effect = queryEnum(q, 'effect', EFFECTS);
        const country = q.get('country') === 'unknown' ? 'unknown' : queryCountry(q);
        const before = q.get('before');
        if (before !== null && !/^\d+$/.test(before)) throw invalid('before', 'before: expected the `next` cursor of a previous page.');
        const limit = queryInt(q, 'limit', 100, { min: 1, max: 1000 });
        const rows = await deps.queries.searchDecisions({
          range: { from: queryInstant(q, 'from', 0), to: queryInstant(q, 'to', req.at + 1) },
          ...(q.get('key_id') ? { keyId: q.get('key_id') as string } : {}),
          ...(q.get('tenant') ? { tenant: q.get('tenant') as string } : {}),
          ...(country !== null ? { country } : {}),
          ...(effect !== null ? { outcome: effect === 'allowed' ? DECISION_OUTCOMES[0] : DECISION_OUTCOMES[1] } : {}),
          ...(before !== null ? { beforeSeq: Number(before) } : {}),
          limit,
        });
        const last = rows.at(-1);
        return { body: list(rows.map(decisionJson), { next: rows.length === limit && last ? String(last.seq) : null }) };
      },
    },
    {
      method: 'GET',
      path: '/admin/decisions/{id}',
      role: 'read',
      async handle(req) {
        const id = req.params.id ?? '';
        const records = await deps.evidence.recordsOf(id);
        const decision = records.find((r) => r.kind === 'decision');
        if (decision === undefined) throw notFound(`No decision is recorded with the id ${id}.`);
        const usage = records.find((r) => r.kind === 'usage') ?? null;
        const keyId = typeof decision.data.key_id === 'string' ? decision.data.key_id : null;
        const violations = keyId === null ? [] : (await deps.enforcement.listViolations({ keyId, since: decision.at - 1, limit: 1000 })).filter((v) => v.requestId === id);
        return {
          body: {
            id,
            at: isoTime(decision.at),
            decision: decision.data,
            usage: usage?.data ?? null,
            rules: ruleMeanings(decision, deps.policy()),
            violations: violations.map(violationJson),
            records: records.map((r) => ({ seq: r.seq, kind: r.kind, at: isoTime(r.at), hash: r.hash, prev_hash: r.prevHash })),
          },
        };
      },
    },
  ];
}

function decisionJson(d: DecisionRow) {
  return {
    id: d.requestId,
    at: isoTime(d.at),
    effect: d.outcome === 'routed' ? 'allowed' : 'refused',
    code: d.code,
    provider: d.provider,
    country: d.country,
    subdivisions: d.subdivisions,
    asn: d.asn,
    anonymizer: d.anonymizer,
    unknown: d.unknown,
    key_id: d.keyId,
    tenant: d.tenant,
    model: d.model,
    providers: d.providers,
  };
}

/** What each rule id in the record stands for, when the live policy still has it (same hash or not). */
function ruleMeanings(record: AuditRecord, policy: CompiledPolicy) {
  const decisions = Array.isArray(record.data.decisions) ? record.data.decisions : [];
  const ids = new Set(decisions.flatMap((d) => (d !== null && typeof d === 'object' && !Array.isArray(d) && typeof d.rule === 'string' ? [d.rule] : [])));
  const out: Record<string, { layer: string; kind: string; reason: string | null; from: string } | null> = {};
  for (const id of ids) {
    const info = policy.rules.get(id);
    out[id] = info === undefined ? null : { layer: info.layer, kind: info.kind, reason: info.reason, from: info.from };
  }
  return { policy_hash: policy.hash, same_policy: record.data.policy_hash === policy.hash, by_id: out };
}
