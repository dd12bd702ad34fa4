/**
 * What the gateway use cases need from the outside, as narrow ports. The composition root (src/app)
 * binds them to the origin, policy, store, enforcement, audit and provider adapters.
 */
import type { Tenant } from '../domain/account.js';
import type { Decision, PolicyInput } from '../domain/decision.js';
import type { Deployment } from '../domain/route.js';
import type { CordonError } from '../errors/index.js';
import type { Provider, UpstreamResponse } from '../providers/contract.js';
import type { RouteTable } from '../routing/route-table.js';
import type { AccountStore } from '../store/port.js';
import type { AttestationOutcome, RequestFacts } from '../domain/request-facts.js';
import type { BodyRewrite } from '../metering/index.js';
import type { ConnectionFacts, OriginResolver } from '../origin/index.js';

/** The connection's origin: built by `src/origin/` (`createOriginResolver`). */
export type { ConnectionFacts, OriginResolver };

/**
 * Verifies a tenant's signed end-user address (`x-cordon-end-user`, docs/attestation.md). Returns null
 * when the request carries no attestation.
 */
export interface AttestationVerifier {
  verify(input: { readonly header: string | undefined; readonly tenant: Tenant; readonly rawBody: Buffer; readonly at: number }): Promise<AttestationOutcome | null>;
}

/** Evaluates the live policy for each provider. Pure: no I/O, time comes in `input.at`. */
export interface PolicyDecider {
  decide(input: PolicyInput, providers: readonly string[]): readonly Decision[];
  readonly policyHash: string;
}

/** What enforcement says about one request. */
export interface Assessment {
  /** Refuse the request (account suspended or blocked by this very request), or null. */
  readonly refusal: CordonError | null;
  /** Sent to the caller as `x-cordon-warning`, or null. */
  readonly warning: string | null;
}

/**
 * Enforcement: turns the request's signals into violations, runs the ladder, applies actions.
 * Called for every request policy decided, refused or not (`refused` says which).
 */
export interface Enforcer {
  assess(facts: RequestFacts, refused: boolean): Promise<Assessment>;
}

/**
 * How a decided request ended, for the audit record. `authorized`: allowed for a provider that the
 * operator's own proxy calls (the decision service); recorded as `routed` with no upstream model.
 */
export type RequestOutcome =
  | { readonly kind: 'refused'; readonly code: string }
  | { readonly kind: 'routed'; readonly deployment: Deployment }
  | { readonly kind: 'authorized'; readonly provider: string };

/**
 * Evidence: the audit log and metering. `recordDecision` resolves once the record is durable; the
 * gateway awaits it before calling the upstream. `meter` reads an upstream answer's token usage as it
 * streams past, recording usage and cost when it ends; the answer's last part goes out only once that
 * record is durable (the tap it returns holds it).
 */
export interface EvidenceRecorder {
  recordDecision(facts: RequestFacts, outcome: RequestOutcome): Promise<void>;
  meter(facts: RequestFacts, deployment: Deployment, response: UpstreamResponse, options: MeterRequest): MeteredResponse;
}

export interface MeterRequest {
  /** Cordon asked for the usage chunk and the caller did not: it is removed from what the caller sees. */
  readonly stripUsageChunk: boolean;
  /** The caller's request body: its prompt is counted when usage must be estimated. */
  readonly request: Readonly<Record<string, unknown>>;
}

export type { BodyRewrite };

export interface MeteredResponse {
  readonly response: UpstreamResponse;
  /** The tap the relay applies to every chunk (metering: the usage chunk removed, the last part held). */
  readonly rewrite: BodyRewrite | null;
}

export interface GatewayDeps {
  readonly accounts: AccountStore;
  readonly origin: OriginResolver;
  /** Read per request, so an applied policy takes effect on the next request. */
  readonly policy: () => PolicyDecider;
  readonly routes: RouteTable;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly now: () => number;
  readonly attestation?: AttestationVerifier;
  readonly enforcer?: Enforcer;
  readonly evidence?: EvidenceRecorder;
}
