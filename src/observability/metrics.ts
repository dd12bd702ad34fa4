/**
 * Prometheus metrics (prom-client), one registry per app. Label values come from closed vocabularies
 * (providers, ISO countries, rule ids, error codes), so cardinality stays bounded.
 */
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestCounter, RequestHistogram } from './request-metrics.js';

export interface GatewayMetrics {
  readonly registry: Registry;
  routed(input: { readonly endpoint: string; readonly provider: string; readonly country: string | null; readonly status: number; readonly decisionMs: number; readonly upstreamMs: number }): void;
  refused(input: { readonly endpoint: string; readonly code: string; readonly country: string | null; readonly rules: readonly string[] }): void;
  upstreamError(provider: string, kind: string): void;
  violation(signal: string): void;
  action(action: string): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const ADDED_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];

export function createMetrics(options: { readonly defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'cordon_process_' });
  // Those every routed or refused request touches are Cordon's own (request-metrics.ts); the rest are prom-client's.
  const requests = new RequestCounter({ name: 'cordon_requests_total', help: 'Requests routed to an upstream, by endpoint, provider, origin country and upstream status', labelNames: ['endpoint', 'provider', 'country', 'status'], registry });
  const refusals = new RequestCounter({ name: 'cordon_refusals_total', help: 'Requests refused after policy, by error code, origin country and deciding rule', labelNames: ['endpoint', 'code', 'country', 'rule'], registry });
  const upstream = new RequestHistogram({ name: 'cordon_upstream_seconds', help: 'Time from calling the upstream to its response headers (fallbacks included)', labelNames: ['provider'], buckets: LATENCY_BUCKETS, registry });
  const added = new RequestHistogram({ name: 'cordon_added_seconds', help: "Cordon's own time before the upstream call: account, origin, policy, enforcement, audit", labelNames: [], buckets: ADDED_BUCKETS, registry }).labels();
  const upstreamErrors = new Counter({ name: 'cordon_upstream_errors_total', help: 'Upstream attempts that failed (connection errors, timeouts, 429, 5xx)', labelNames: ['provider', 'kind'] as const, registers: [registry] });
  const violations = new Counter({ name: 'cordon_violations_total', help: 'Violations recorded, by signal', labelNames: ['signal'] as const, registers: [registry] });
  const actions = new Counter({ name: 'cordon_enforcement_actions_total', help: 'Enforcement actions taken, by action', labelNames: ['action'] as const, registers: [registry] });

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
    upstreamError: (provider, kind) => upstreamErrors.labels(provider, kind).inc(),
    violation: (signal) => violations.labels(signal).inc(),
    action: (action) => actions.labels(action).inc(),
  };
}
