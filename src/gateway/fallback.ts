/**
 * Tries the allowed deployments in order. A connection error, a timeout, 429 or 5xx before the first
 * byte moves on to the next one; any other answer (2xx, or a 4xx the caller must fix) is final.
 */
import type { Deployment } from '../domain/route.js';
import { CordonError } from '../errors/index.js';
import type { Readable } from 'node:stream';
import type { CancelSignal } from '../providers/cancel.js';
import type { Provider, UpstreamPath, UpstreamResponse } from '../providers/contract.js';

export interface Attempt {
  readonly provider: string;
  readonly model: string;
  /** Upstream status, or null when no answer came (connection error, timeout). */
  readonly status: number | null;
  /** Why no answer came, in full (addresses included: for logs, never for the caller); null with a status. */
  readonly error: string | null;
  /** Why no answer came, in a word the caller may see (an error code such as ECONNREFUSED); null with a status. */
  readonly kind: string | null;
}

export interface SendPlan {
  readonly path: UpstreamPath;
  readonly stream: boolean;
  readonly signal: CancelSignal;
  readonly bodyFor: (deployment: Deployment) => Buffer;
}

export type SendOutcome =
  | { readonly kind: 'ok'; readonly deployment: Deployment; readonly response: UpstreamResponse; readonly attempts: readonly Attempt[] }
  | { readonly kind: 'failed'; readonly error: CordonError; readonly attempts: readonly Attempt[] };

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function sendWithFallback(providers: ReadonlyMap<string, Provider>, candidates: readonly Deployment[], plan: SendPlan): Promise<SendOutcome> {
  const attempts: Attempt[] = [];
  let lastError: unknown = null;
  for (let i = 0; i < candidates.length; i++) {
    const deployment = candidates[i] as Deployment;
    const provider = providers.get(deployment.provider);
    if (!provider) {
      attempts.push({ provider: deployment.provider, model: deployment.model, status: null, error: 'provider not configured', kind: 'not configured' });
      continue;
    }
    const isLast = i === candidates.length - 1;
    try {
      const response = await provider.send({ path: plan.path, method: 'POST', body: plan.bodyFor(deployment), stream: plan.stream, signal: plan.signal });
      attempts.push({ provider: deployment.provider, model: deployment.model, status: response.status, error: null, kind: null });
      // The last candidate's answer is relayed whatever it is: the caller sees the upstream's own error.
      if (!isRetryableStatus(response.status) || isLast) return { kind: 'ok', deployment, response, attempts };
      discard(response.body);
    } catch (err) {
      if (plan.signal.aborted) throw err;
      lastError = err;
      attempts.push({ provider: deployment.provider, model: deployment.model, status: null, error: describe(err), kind: errorCode(err) || 'no answer' });
    }
  }
  return { kind: 'failed', error: upstreamError(lastError, attempts), attempts };
}

/**
 * The caller is told which providers were tried and how each failed in a word (a status or an error
 * code), never an upstream's address or message; those stay in the error's cause, for the log.
 */
function upstreamError(err: unknown, attempts: readonly Attempt[]): CordonError {
  const code = errorCode(err);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return new CordonError('provider_timeout', {}, { cause: err });
  const tried = attempts.map((a) => `${a.provider} (${a.status ?? a.kind})`).join(', ');
  const internal = attempts.map((a) => `${a.provider} (${a.error ?? a.status})`).join(', ');
  return new CordonError('provider_unavailable', { detail: `tried ${tried || 'no provider'}` }, { cause: new Error(`tried ${internal || 'no provider'}`, { cause: err }) });
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}

function describe(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const code = 'code' in err ? String(err.code) : null;
    const message = 'message' in err ? String(err.message) : String(err);
    return code ? `${code}: ${message}` : message;
  }
  return String(err);
}

/** Reads an unwanted answer to its end (errors included) so its connection returns to the pool. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.resume();
}
