/**
 * Prometheus metrics (prom-client), one registry per app. Label values come from closed vocabularies
 * (providers, ISO countries, rule ids, error codes), so cardinality stays bounded.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ACTION_KINDS, SIGNALS, type ActionKind, type Signal } from '../domain/enforcement.js';
import { RequestCounter, RequestHistogram } from './request-metrics.js';

/** Who took an enforcement action: the ladder, or an operator through the admin API of this process. */
export const ACTION_ACTORS = ['ladder', 'operator'] as const;
export type ActionActor = (typeof ACTION_ACTORS)[number];

/** How one webhook delivery attempt ended. */
export const WEBHOOK_OUTCOMES = ['delivered', 'failed', 'abandoned'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/** The audit records a request's path appends. */
export const AUDITED_RECORDS = ['decision', 'usage'] as const;
export type AuditedRecord = (typeof AUDITED_RECORDS)[number];

/** What enforcement counts (src/enforcement/service, the admin API's account actions). */
export interface EnforcementMetrics {
  /** One violation recorded against a key. */
  violation(signal: Signal): void;
  /** One action taken on a key and committed with its audit record. */
  action(kind: ActionKind, actor: ActionActor): void;
  /** One webhook delivery attempt. */
  webhook(outcome: WebhookOutcome): void;
}

/** What the evidence recorder counts: records it could not write, and those waiting in the usage outbox. */
export interface EvidenceMetrics {
  auditFailure(record: AuditedRecord): void;
  /** Reports `size()` (the usage outbox's waiting records) as a gauge at every scrape. */
  watchOutbox?(size: () => number): void;
}

export interface RefusalInput {
  /** The upstream path (`/chat/completions`, `/models`, …). */
  readonly endpoint: string;
  /** The error code (the catalogue's, e.g. `account_suspended`): the refusal's reason. */
  readonly code: string;
  /** The origin's country; null when unknown. */
  readonly country: string | null;
  /** The policy rules that denied (a region refusal); empty for any other refusal. */
  readonly rules: readonly string[];
}

export interface GatewayMetrics extends EnforcementMetrics, EvidenceMetrics {
  readonly registry: Registry;
  routed(input: { readonly endpoint: string; readonly provider: string; readonly country: string | null; readonly status: number; readonly decisionMs: number; readonly upstreamMs: number }): void;
  refused(input: RefusalInput): void;
  /** A request the decision service allowed (the operator's proxy carries it; no upstream status here). */
  authorized(input: { readonly provider: string; readonly country: string | null; readonly decisionMs: number }): void;
  upstreamError(provider: string, kind: string): void;
  /** A caller connection closed on arrival because `server.max_connections` were open. */
  connectionDropped(): void;
}

/** `cordon_audit_journal_unsealed_bytes`: audit records acknowledged but not yet in the chained log (ADR 0015). */
export function registerAuditJournalMetric(registry: Registry, unsealedBytes: () => number): void {
  new Gauge({
    name: 'cordon_audit_journal_unsealed_bytes',
    help: "Bytes of audit records written to the SQLite audit journals and not yet sealed into the hash-chained log (normally under a second's worth; growing means sealing fails: see the log)",
    registers: [registry],
    collect() {
      this.set(unsealedBytes());
    },
  });
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const ADDED_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];

export function createMetrics(options: { readonly defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'cordon_process_' });
  // Those every routed or refused request touches are Cordon's own (request-metrics.ts); the rest are prom-client's.
  const requests = new RequestCounter({ name: 'cordon_requests_total', help: 'Requests routed to an upstream, by endpoint, provider, origin country and upstream status', labelNames: ['endpoint', 'provider', 'country', 'status'], registry });
  const refusals = new RequestCounter({ name: 'cordon_refusals_total', help: 'Requests refused (not served), by endpoint, error code, origin country and the policy rule that denied (none when policy did not refuse)', labelNames: ['endpoint', 'code', 'country', 'rule'], registry });
  const authorizations = new RequestCounter({ name: 'cordon_authorizations_total', help: 'Requests the decision service allowed (/authz/http, gRPC ext_authz), by provider and origin country', labelNames: ['provider', 'country'], registry });
  const upstream = new RequestHistogram({ name: 'cordon_upstream_seconds', help: 'Time from calling the upstream to its response headers (fallbacks included)', labelNames: ['provider'], buckets: LATENCY_BUCKETS, registry });
  const added = new RequestHistogram({ name: 'cordon_added_seconds', help: "Cordon's own time before the upstream call: account, origin, policy, enforcement, audit", labelNames: [], buckets: ADDED_BUCKETS, registry }).labels();
  const upstreamErrors = new Counter({ name: 'cordon_upstream_errors_total', help: 'Upstream attempts that failed (connection errors, timeouts, 429, 5xx)', labelNames: ['provider', 'kind'] as const, registers: [registry] });
  const violations = new Counter({ name: 'cordon_violations_total', help: 'Violations recorded against keys by this process, by signal', labelNames: ['signal'] as const, registers: [registry] });
  const actions = new Counter({ name: 'cordon_enforcement_actions_total', help: 'Enforcement actions taken by this process (the ladder, or an operator through the admin API), by action and actor', labelNames: ['action', 'actor'] as const, registers: [registry] });
  const webhooks = new Counter({ name: 'cordon_webhook_deliveries_total', help: 'Webhook delivery attempts by this process, by outcome (failed: retried later; abandoned: the last attempt failed)', labelNames: ['outcome'] as const, registers: [registry] });
  const auditFailures = new Counter({ name: 'cordon_audit_failures_total', help: 'Audit records a request could not have written, by record (decision: the request was refused; usage: the answer had already gone)', labelNames: ['record'] as const, registers: [registry] });
  let outboxSize: () => number = () => 0;
  new Gauge({
    name: 'cordon_usage_outbox_records',
    help: 'Usage records waiting in the outbox because the store did not take them (retried until it does; docs/metering.md)',
    registers: [registry],
    collect() {
      this.set(outboxSize());
    },
  });
  const dropped = new Counter({ name: 'cordon_connections_dropped_total', help: 'Caller connections closed on arrival because server.max_connections were already open', registers: [registry] });
  // Closed vocabularies start at zero, so every series exists (and rate() works) before its first event.
  for (const signal of SIGNALS) violations.labels(signal).inc(0);
  for (const action of ACTION_KINDS) for (const actor of ACTION_ACTORS) actions.labels(action, actor).inc(0);
  for (const outcome of WEBHOOK_OUTCOMES) webhooks.labels(outcome).inc(0);
  for (const record of AUDITED_RECORDS) auditFailures.labels(record).inc(0);

  return {
    registry,
    routed(i) {
      requests.labels(i.endpoint, i.provider, i.country ?? 'unknown', String(i.status)).inc();
      upstream.labels(i.provider).observe(i.upstreamMs / 1000);
      added.observe(i.decisionMs / 1000);
    },
    refused(i) {
      const country = i.country ?? 'unknown';
      if (i.rules.length === 0) refusals.labels(i.endpoint, i.code, country, 'none').inc();
      for (const rule of i.rules) refusals.labels(i.endpoint, i.code, country, rule).inc();
    },
    authorized(i) {
      authorizations.labels(i.provider, i.country ?? 'unknown').inc();
      added.observe(i.decisionMs / 1000);
    },
    upstreamError: (provider, kind) => upstreamErrors.labels(provider, kind).inc(),
    violation: (signal) => violations.labels(signal).inc(),
    action: (action, actor) => actions.labels(action, actor).inc(),
    webhook: (outcome) => webhooks.labels(outcome).inc(),
    auditFailure: (record) => auditFailures.labels(record).inc(),
    watchOutbox: (size) => {
      outboxSize = size;
    },
    connectionDropped: () => dropped.inc(),
  };
}
