/**
 * The Enforcer the gateway calls after policy (src/gateway/ports.ts): gathers what the signals need
 * (hot-state fan-out counts and last sighting, list hits, the tenant's stored switches), detects the
 * signals (pure), records the violations, runs the ladder (pure) and applies its action.
 *
 * State-like findings count once per key and scope within the repeat window (a hot-state claim).
 * A request with no violation costs two or three hot-state calls and no store I/O. A failure inside
 * enforcement is logged and the request goes on (enforcement fails open; policy has already decided).
 */
import type { EnforcementAction, NewViolation } from '../../domain/enforcement.js';
import { CordonError } from '../../errors/index.js';
import type { Assessment, Enforcer } from '../../gateway/ports.js';
import type { RequestFacts } from '../../domain/request-facts.js';
import type { HotState } from '../../hot-state/port.js';
import type { Logger } from '../../observability/logger.js';
import type { EnforcementMetrics } from '../../observability/metrics.js';
import { statusAfter, type EnforcementStore } from '../../store/enforcement-port.js';
import { anonymizerHits, type AnonymizerLists } from '../../origin/lists/index.js';
import { detectSignals, type FanOutCounts, type Finding } from '../detect.js';
import { decideAction, type LadderDecision } from '../ladder.js';
import { networkOf, originEvidence } from '../origin-evidence.js';
import { standingRefusal, suspendedRefusal } from '../standing.js';
import { longestWindow, policyFor, type EnforcementSettings, type TenantPolicy } from '../settings.js';
import { impossibleTravel, SIGHTING_TEXT, sightingOf, type CentroidTable, type TravelFinding } from '../travel.js';
import { takeActionIfUnchanged } from './take-action.js';

export const WARNING_TEXT = 'This API key has been warned: requests it made broke this gateway\'s usage rules. Further violations lead to suspension.';

export interface EnforcerDeps {
  readonly settings: EnforcementSettings;
  readonly store: EnforcementStore;
  readonly hot: HotState;
  readonly lists: () => AnonymizerLists;
  readonly centroids: CentroidTable;
  readonly logger: Logger;
  /** Called after an action enqueued a webhook message (the app kicks the delivery loop). */
  readonly onEnqueued?: () => void;
  /** Counts violations recorded and actions taken. */
  readonly metrics?: Pick<EnforcementMetrics, 'violation' | 'action'>;
}

const NONE: Assessment = Object.freeze({ refusal: null, warning: null });
const WARNED: Assessment = Object.freeze({ refusal: null, warning: WARNING_TEXT });
/** How long a key's last sighting is remembered for impossible travel. */
const SIGHTING_TTL_MS = 24 * 3_600_000;

export class EnforcementService implements Enforcer {
  /** One ladder run per key at a time in this process, so concurrent requests do not act twice. */
  readonly #running = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: EnforcerDeps) {}

  async assess(facts: RequestFacts, refused: boolean): Promise<Assessment> {
    if (!this.deps.settings.enabled) return NONE;
    try {
      return await this.#assess(facts, refused);
    } catch (error) {
      this.deps.logger.log('error', 'enforcement failed; the request goes on unassessed', { request_id: facts.requestId, key_id: facts.key.id, error: error instanceof Error ? error.message : String(error) });
      return NONE;
    }
  }

  async #assess(facts: RequestFacts, refused: boolean): Promise<Assessment> {
    const policy = policyFor(this.deps.settings, facts.account.tenantName);
    // Attested origins are end users: many of them per key, so no travel or fan-out between them.
    const perKey = facts.origin.source !== 'attested';
    const network = networkOf(facts.origin.ip);
    const [travel, fanOut, countryMismatch] = await Promise.all([
      perKey ? this.#travel(facts, policy) : null,
      perKey ? this.#fanOut(facts, policy, network) : null,
      this.#countryMismatch(facts, policy),
    ]);
    const detected = detectSignals({
      origin: facts.origin,
      network,
      registeredCountry: facts.account.registeredCountry,
      refused,
      denials: facts.decisions.filter((d) => d.effect === 'deny').map((d) => ({ provider: d.provider, layer: d.layer, ruleId: d.ruleId, matched: d.matched })),
      attestation: facts.attestation,
      anonymizer: anonymizerHits(facts.origin.ip, facts.origin, this.deps.lists()),
      travel,
      fanOut,
      policy,
      countryMismatch,
    });
    const findings = await this.#firstInWindow(facts, policy, detected);
    if (findings.length === 0) return facts.key.status === 'warned' ? WARNED : NONE;

    const origin = originEvidence(facts.origin);
    const drafts: NewViolation[] = findings.map((f) => ({ keyId: facts.key.id, tenantId: facts.account.tenantId, signal: f.signal, rule: f.rule, weight: f.weight, at: facts.at, requestId: facts.requestId, origin, detail: f.detail }));
    await this.deps.store.recordViolations(drafts);
    const { metrics } = this.deps;
    if (metrics !== undefined) for (const d of drafts) metrics.violation(d.signal);
    if (policy.ladder.length === 0) return facts.key.status === 'warned' ? WARNED : NONE;
    return this.#serialized(facts.key.id, () => this.#climb(facts, policy));
  }

  /**
   * Runs the ladder and takes its action — only if no other instance acted on the key since the
   * actions were read (it may have counted the same violations). Losing that race once, the ladder
   * runs again on what the other instance did; losing twice, the key's newest action stands.
   */
  async #climb(facts: RequestFacts, policy: TenantPolicy, retried = false): Promise<Assessment> {
    const since = facts.at - longestWindow(policy);
    const { store } = this.deps;
    const [violations, actions] = await Promise.all([store.listViolations({ keyId: facts.key.id, since }), store.listActions({ keyId: facts.key.id, since })]);
    const decision = decideAction({ violations, actions, ladder: policy.ladder, now: facts.at });
    // No rung reached: the key's newest action still judges the request — a suspension or block taken
    // since its key was read (by another request, instance or operator) refuses it.
    if (decision.action === null) return standing(actions, facts);

    const counted = new Set(decision.violationIds);
    const notify = this.deps.settings.webhook !== null;
    const taken = await takeActionIfUnchanged(
      store,
      {
        keyId: facts.key.id,
        tenantId: facts.account.tenantId,
        kind: decision.action,
        at: facts.at,
        until: decision.until,
        actor: 'ladder',
        rule: `ladder.${decision.action}`,
        score: decision.score,
        note: null,
        violationIds: decision.violationIds,
        evidence: ladderEvidence(decision, facts.requestId),
      },
      { since, ids: actions.map((a) => a.id) },
      { notify, context: { tenantName: facts.account.tenantName, keyPrefix: facts.key.prefix, violations: violations.filter((v) => counted.has(v.id)).reverse() } },
    );
    if (taken === null) {
      this.deps.logger.log('info', 'enforcement: another instance acted on the key first; the ladder runs again', { key_id: facts.key.id });
      return retried ? standing(await store.listActions({ keyId: facts.key.id, since }), facts) : this.#climb(facts, policy, true);
    }
    this.deps.metrics?.action(decision.action, 'ladder');
    if (notify) this.deps.onEnqueued?.();
    this.deps.logger.log('warn', `enforcement: key ${decision.action}`, { key_id: facts.key.id, tenant: facts.account.tenantName, score: decision.score, until: decision.until });
    switch (decision.action) {
      case 'warn':
        return WARNED;
      case 'suspend':
        return { refusal: suspendedRefusal(decision.until), warning: null };
      case 'block':
        return { refusal: new CordonError('account_blocked'), warning: null };
    }
  }

  /** Drops findings already counted for this key, rule and scope within their repeat window. */
  async #firstInWindow(facts: RequestFacts, policy: TenantPolicy, findings: readonly Finding[]): Promise<Finding[]> {
    if (findings.every((f) => f.repeatScope === null)) return [...findings];
    const fresh = await Promise.all(
      findings.map((f) =>
        f.repeatScope === null
          ? true
          : this.deps.hot.claim(`repeat:${facts.key.id}:${f.rule}:${f.repeatScope}`, facts.at, f.signal === 'fan_out' ? policy.fanOut.windowMs : policy.repeatWindowMs),
      ),
    );
    return findings.filter((_, i) => fresh[i]);
  }

  async #travel(facts: RequestFacts, policy: TenantPolicy): Promise<TravelFinding | null> {
    if (!policy.impossibleTravel.enabled || policy.weights.impossibleTravel <= 0) return null;
    const next = sightingOf(facts.origin, this.deps.centroids, facts.at);
    if (next === null) return null;
    const previous = await this.deps.hot.swap(`travel:${facts.key.id}`, next, SIGHTING_TEXT, facts.at, SIGHTING_TTL_MS);
    return impossibleTravel(previous, next, policy.impossibleTravel);
  }

  async #fanOut(facts: RequestFacts, policy: TenantPolicy, network: string): Promise<FanOutCounts | null> {
    const f = policy.fanOut;
    if (!f.enabled || policy.weights.fanOut <= 0) return null;
    const { hot } = this.deps;
    const [countries, networks] = await Promise.all([
      facts.origin.country === null ? null : hot.addToWindow(`fanout:c:${facts.key.id}`, facts.origin.country, facts.at, f.windowMs),
      hot.addToWindow(`fanout:n:${facts.key.id}`, network, facts.at, f.windowMs),
    ]);
    return { countries: countries?.distinct ?? 0, networks: networks.distinct, countrySample: countries?.sample ?? [] };
  }

  /** The store's per-tenant switch beats the config's; read only when a mismatch is possible. */
  async #countryMismatch(facts: RequestFacts, policy: TenantPolicy): Promise<boolean> {
    const { country } = facts.origin;
    const registered = facts.account.registeredCountry;
    if (country === null || registered === null || country === registered || policy.weights.countryMismatch <= 0) return false;
    const stored = await this.deps.store.getTenantEnforcement(facts.account.tenantId);
    return stored.countryMismatch ?? policy.countryMismatch;
  }

  async #serialized<T>(keyId: string, run: () => Promise<T>): Promise<T> {
    const previous = this.#running.get(keyId) ?? Promise.resolve();
    const next = previous.then(run, run);
    const settled = next.catch(() => undefined);
    this.#running.set(keyId, settled);
    try {
      return await next;
    } finally {
      if (this.#running.get(keyId) === settled) this.#running.delete(keyId);
    }
  }
}

function ladderEvidence(decision: Extract<LadderDecision, { action: string }>, requestId: string) {
  return {
    request_id: requestId,
    threshold: decision.rung.score,
    window_ms: decision.rung.windowMs,
    ...(decision.rung.durationMs !== null ? { duration_ms: decision.rung.durationMs } : {}),
    scores: decision.scores.map((s) => ({ action: s.rung.action, score: s.score, threshold: s.rung.score, since: new Date(s.since).toISOString(), violations: s.violationIds.length })),
  };
}

/**
 * What the key's newest action means for this request, after another instance acted on it: the status
 * the action gave the key (as the store sets it), judged like any key's standing — a running suspension
 * or a block refuses, a warning warns, anything else lets the request through.
 */
function standing(actions: readonly EnforcementAction[], facts: RequestFacts): Assessment {
  const newest = actions.reduce<EnforcementAction | null>((a, b) => (a === null || b.at > a.at ? b : a), null);
  if (newest === null || newest.kind === 'reinstate') return facts.key.status === 'warned' ? WARNED : NONE;
  const refusal = standingRefusal(statusAfter(newest), facts.at);
  if (refusal !== null) return { refusal, warning: null };
  return newest.kind === 'warn' ? WARNED : NONE;
}
