/**
 * Decisions: search the recorded ones (by key, tenant, country, outcome, time), and one decision by
 * its id with its full explanation — the audit records about it (decision, usage), what the rules
 * that decided mean in the live policy, and the violations the request raised.
 */
import type { AuditRecord } from '../../audit/index.js';
import { violationJson } from '../../enforcement/service/index.js';
import type { CompiledPolicy, RuleInfo } from '../../policy/index.js';
import { DECISION_OUTCOMES, type AdminQueries, type DecisionRow } from '../../store/admin-query-port.js';
import type { EnforcementStore } from '../../store/enforcement-port.js';
import type { EvidenceService } from '../evidence-ports.js';
import type { DECISION_ENDPOINTS } from '../contract/decisions.js';
import type { DataRouteDeps } from './data.js';
import { notFound } from '../request.js';
import type { Handlers } from '../router.js';
import { isoTime, list } from '../wire.js';

export interface DecisionRouteDeps {
  readonly queries: AdminQueries;
  readonly evidence: EvidenceService;
  readonly enforcement: EnforcementStore;
  readonly policy: () => CompiledPolicy;
  readonly dataVersion: DataRouteDeps['dataVersion'];
}

export function decisionHandlers(deps: DecisionRouteDeps): Handlers<typeof DECISION_ENDPOINTS> {
  return {
    searchDecisions: async ({ query, at }) => {
      const rows = await deps.queries.searchDecisions({
        range: { from: query.from ?? 0, to: query.to ?? at + 1 },
        ...(query.key_id !== undefined ? { keyId: query.key_id } : {}),
        ...(query.tenant !== undefined ? { tenant: query.tenant } : {}),
        ...(query.country !== undefined ? { country: query.country } : {}),
        ...(query.effect !== undefined ? { outcome: query.effect === 'allowed' ? DECISION_OUTCOMES[0] : DECISION_OUTCOMES[1] } : {}),
        ...(query.before !== undefined ? { beforeSeq: query.before } : {}),
        limit: query.limit,
      });
      const last = rows.at(-1);
      return list(rows.map(decisionJson), { next: rows.length === query.limit && last ? String(last.seq) : null });
    },
    getDecision: async ({ params: { id } }) => {
      const records = await deps.evidence.recordsOf(id);
      const decision = records.find((r) => r.kind === 'decision');
      if (decision === undefined) throw notFound(`No decision is recorded with the id ${id}.`);
      const usage = records.find((r) => r.kind === 'usage') ?? null;
      const keyId = typeof decision.data.key_id === 'string' ? decision.data.key_id : null;
      const violations = keyId === null ? [] : (await deps.enforcement.listViolations({ keyId, since: decision.at - 1, limit: 1000 })).filter((v) => v.requestId === id);
      return {
        id,
        at: isoTime(decision.at),
        decision: decision.data,
        usage: usage?.data ?? null,
        rules: ruleMeanings(decision, deps.policy()),
        data: await dataOf(decision, deps.dataVersion),
        violations: violations.map(violationJson),
        records: records.map((r) => ({ seq: r.seq, kind: r.kind, at: isoTime(r.at), hash: r.hash, prev_hash: r.prevHash })),
      };
    },
  };
}

function decisionJson(d: DecisionRow) {
  return {
    id: d.requestId,
    at: isoTime(d.at),
    // `allowed` and `refused` on the wire; `routed` and `refused` in the store.
    effect: d.outcome === 'routed' ? ('allowed' as const) : ('refused' as const),
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

/** The data-version id a record names (`versions.data`), and what the version log says it stood for. */
async function dataOf(record: AuditRecord, explain: DataRouteDeps['dataVersion']) {
  const versions = record.data.versions;
  const named = versions !== null && typeof versions === 'object' && 'data' in versions ? versions.data : null;
  const version = typeof named === 'string' ? named : null;
  return { version, sources: version === null ? null : await explain(version) };
}

/** What each rule id in the record stands for, when the live policy still has it (same hash or not). */
function ruleMeanings(record: AuditRecord, policy: CompiledPolicy) {
  const decisions = Array.isArray(record.data.decisions) ? record.data.decisions : [];
  const ids = new Set(decisions.flatMap((d) => (d !== null && typeof d === 'object' && !Array.isArray(d) && typeof d.rule === 'string' ? [d.rule] : [])));
  const out: Record<string, Pick<RuleInfo, 'layer' | 'kind' | 'reason' | 'from'> | null> = {};
  for (const id of ids) {
    const info = policy.rules.get(id);
    out[id] = info === undefined ? null : { layer: info.layer, kind: info.kind, reason: info.reason, from: info.from };
  }
  return { policy_hash: policy.hash, same_policy: record.data.policy_hash === policy.hash, by_id: out };
}
