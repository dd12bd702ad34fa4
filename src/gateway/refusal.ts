/**
 * Refusals as the gateway throws them to the edge. A request refused once its key is known
 * (`RefusedRequest`) carries its facts and has its decision record appended before it is thrown
 * (`refuse`); one refused before any key is known (`UnidentifiedRequest`: no key, an unknown key, the
 * store not answering) has no key to attach a record to and carries only its origin's country, for the
 * metrics (docs/audit.md, "Refusals").
 */
import { CordonError } from '../errors/index.js';
import type { AccountStore, AuthenticatedKey } from '../store/port.js';
import { identifyKey } from './authenticate.js';
import type { ConnectionFacts, EvidenceRecorder, OriginResolver } from './ports.js';
import type { RequestFacts } from '../domain/request-facts.js';

/** Thrown for a request refused after its facts were known, so the edge can still report them. */
export class RefusedRequest extends Error {
  constructor(readonly error: CordonError, readonly facts: RequestFacts, readonly warning: string | null = null) {
    super(error.message);
    this.name = 'RefusedRequest';
  }
}

/** Thrown for a request refused before a key was known: nothing is recorded, the edge counts it. */
export class UnidentifiedRequest extends Error {
  constructor(readonly error: CordonError, readonly country: string | null) {
    super(error.message);
    this.name = 'UnidentifiedRequest';
  }
}

/**
 * What to throw when the key could not be identified: a Cordon refusal (no key, an unknown key, the
 * store not answering) becomes an `UnidentifiedRequest` with the origin's country; anything else stays
 * as it is. Off the allowed path: the origin is resolved only here.
 */
export function unidentified(err: unknown, origin: OriginResolver, conn: ConnectionFacts): unknown {
  return err instanceof CordonError ? new UnidentifiedRequest(err, origin.resolve(conn).country) : err;
}

/**
 * The key the request's headers name, before anything else about the request is read (the edge calls
 * it before the body): a request that names none is refused as an `UnidentifiedRequest`.
 */
export function createIdentifyCaller(deps: { readonly accounts: AccountStore; readonly origin: OriginResolver }) {
  return async function identifyCaller(conn: ConnectionFacts): Promise<AuthenticatedKey> {
    try {
      return await identifyKey(deps.accounts, conn.headers);
    } catch (err) {
      throw unidentified(err, deps.origin, conn);
    }
  };
}

export type IdentifyCaller = ReturnType<typeof createIdentifyCaller>;

/**
 * Appends the refusal's decision record (origin, facts, and the error code as its reason), then throws
 * it. The answer stays the refusal even when the record cannot be written: the recorder has logged and
 * counted the failure, and answering `audit_unavailable` instead would only tell the caller to retry
 * what is refused anyway. Nothing is served either way.
 */
export async function refuse(evidence: EvidenceRecorder | undefined, facts: RequestFacts, error: CordonError, warning: string | null = null): Promise<never> {
  if (evidence !== undefined) {
    try {
      await evidence.recordDecision(facts, { kind: 'refused', code: error.code });
    } catch {
      // Logged and counted by the recorder (cordon_audit_failures_total); the refusal stands.
    }
  }
  throw new RefusedRequest(error, facts, warning);
}
