/**
 * What the gateway use cases need from the outside, as narrow ports. The composition root (src/app)
 * binds them to the geo, policy, store and provider adapters.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Decision, PolicyInput } from '../domain/decision.js';
import type { Origin } from '../domain/origin.js';
import type { Provider } from '../providers/contract.js';
import type { RouteTable } from '../routing/route-table.js';
import type { AccountStore } from '../store/port.js';

/** What the HTTP edge knows about the connection. */
export interface ConnectionFacts {
  readonly socketIp: string;
  readonly headers: IncomingHttpHeaders;
}

export interface OriginResolver {
  resolve(conn: ConnectionFacts): Origin;
}

/** Evaluates the live policy for each provider. Pure: no I/O, time comes in `input.at`. */
export interface PolicyDecider {
  decide(input: PolicyInput, providers: readonly string[]): readonly Decision[];
  readonly policyHash: string;
}

export interface GatewayDeps {
  readonly accounts: AccountStore;
  readonly origin: OriginResolver;
  /** Read per request, so an applied policy takes effect on the next request. */
  readonly policy: () => PolicyDecider;
  readonly routes: RouteTable;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly now: () => number;
}
