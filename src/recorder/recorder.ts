/**
 * The gateway's EvidenceRecorder: the decision record is appended to the audit log and awaited (it is
 * durable before any upstream sees the request); the answer is metered on its way to the caller and
 * its usage record is committed — or kept in the outbox when the store fails — before the answer's
 * last part goes out (the meter holds it). A stream without usage is estimated with the model
 * family's tokenizer. A shadow policy, when one runs, judges the same facts and its differences are
 * recorded beside.
 */
import type { AuditLog, IpTruncation } from '../audit/index.js';
import type { Deployment } from '../domain/route.js';
import { CordonError } from '../errors/index.js';
import type { EvidenceRecorder, MeteredResponse, MeterRequest, PolicyDecider, RequestOutcome } from '../gateway/ports.js';
import type { RequestFacts } from '../domain/request-facts.js';
import type { TokenUsage, UsageEstimate } from '../domain/usage.js';
import { estimateUsage, meterBody, type MeterResult } from '../metering/index.js';
import { protocolOf } from '../protocols/index.js';
import type { Logger } from '../observability/logger.js';
import type { EvidenceMetrics } from '../observability/metrics.js';
import type { UpstreamResponse } from '../providers/contract.js';
import type { ShadowStore } from '../store/evidence-port.js';
import { decisionEntry, usageEntry } from './entries.js';
import { shadowDifferences } from './shadow-differences.js';
import { UsageOutbox } from './usage-outbox.js';

export interface EvidenceRecorderDeps {
  readonly audit: AuditLog;
  readonly truncation: IpTruncation;
  readonly now: () => number;
  readonly logger: Logger;
  /** The shadow policy running now, or null; read per request. */
  readonly shadow?: () => PolicyDecider | null;
  readonly shadowStore?: Pick<ShadowStore, 'recordDifferences'>;
  /** Counts the records that could not be written. */
  readonly metrics?: EvidenceMetrics;
  /** Where usage records wait when the store fails (default: in memory only, no file). */
  readonly outbox?: UsageOutbox;
  /** How long the upstream is read for its usage after the caller left (metering's USAGE_GRACE_MS). */
  readonly usageGraceMs?: number;
  /** The id of the data in use (docs/data.md), written into each decision record; read per request. */
  readonly dataVersion?: () => string | undefined;
}

export function createEvidenceRecorder(deps: EvidenceRecorderDeps): EvidenceRecorder {
  const outbox = deps.outbox ?? new UsageOutbox({ audit: deps.audit, dir: null, logger: deps.logger, metrics: deps.metrics });

  /** The upstream's usage, or — for a stream that carried none — the relayed answer and prompt counted. */
  async function measured(result: MeterResult, deployment: Deployment, status: number, request: Readonly<Record<string, unknown>>): Promise<{ usage: TokenUsage | null; estimate: UsageEstimate | null }> {
    if (result.usage !== null || result.relayedText === null || status >= 400) return { usage: result.usage, estimate: null };
    const estimated = await estimateUsage({ upstreamModel: deployment.model, request, answer: result.relayedText });
    return estimated;
  }

  function recordShadow(facts: RequestFacts): void {
    const shadow = deps.shadow?.() ?? null;
    if (shadow === null || deps.shadowStore === undefined || shadow.policyHash === facts.policyHash) return;
    const rows = shadowDifferences(facts, shadow);
    if (rows.length === 0) return;
    deps.shadowStore.recordDifferences(rows).catch((err: unknown) => {
      deps.logger.log('warn', 'shadow differences not recorded', { decision_id: facts.requestId, error: String(err) });
    });
  }

  return {
    async recordDecision(facts: RequestFacts, outcome: RequestOutcome): Promise<void> {
      recordShadow(facts);
      try {
        await deps.audit.append(decisionEntry(facts, outcome, deps.truncation, deps.dataVersion?.()));
      } catch (err) {
        deps.metrics?.auditFailure('decision');
        deps.logger.log('error', 'decision record not written; request not served', { decision_id: facts.requestId, outcome: outcome.kind === 'refused' ? outcome.code : outcome.kind, error: String(err) });
        throw new CordonError('gateway_audit_unavailable', {}, { cause: err });
      }
    },

    meter(facts: RequestFacts, deployment: Deployment, response: UpstreamResponse, options: MeterRequest): MeteredResponse {
      const sse = isEventStream(response.headers);
      const onDone = async (result: MeterResult): Promise<void> => {
        let counted: { usage: TokenUsage | null; estimate: UsageEstimate | null } = { usage: result.usage, estimate: null };
        try {
          counted = await measured(result, deployment, response.status, options.request);
        } catch (err) {
          deps.logger.log('warn', 'usage not estimated', { decision_id: facts.requestId, error: String(err) });
        }
        await outbox.write(usageEntry(facts, deployment, response.status, { usage: counted.usage, complete: result.complete }, deps.now(), counted.estimate));
      };
      const rewrite = meterBody(response.body, { sse, strip: options.stripUsageChunk, onDone, graceMs: deps.usageGraceMs, dialect: protocolOf(facts.endpoint).usage });
      if (!(sse && options.stripUsageChunk)) return { response, rewrite };
      return { response: { status: response.status, headers: withoutContentLength(response.headers), body: response.body }, rewrite };
    },
  };
}

function isEventStream(headers: UpstreamResponse['headers']): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && type.startsWith('text/event-stream');
}

/** Removing a chunk changes the length: let the relay send the body chunked. */
function withoutContentLength(headers: UpstreamResponse['headers']): UpstreamResponse['headers'] {
  const { 'content-length': _dropped, ...rest } = headers;
  return rest;
}
