/**
 * The provider contract: send one request (OpenAI's protocol, or Anthropic's Messages API) upstream and hand back status, headers and
 * the body as a Node stream (relayed chunk by chunk, never buffered).
 */
import type { Readable } from 'node:stream';
import type { CancelSignal } from './cancel.js';

import type { UpstreamPath } from '../domain/endpoint.js';
import type { ProtocolName } from '../protocols/index.js';

export { UPSTREAM_PATHS, type UpstreamPath } from '../domain/endpoint.js';

export interface UpstreamRequest {
  readonly path: UpstreamPath;
  readonly method: 'GET' | 'POST';
  /** The JSON body to send, already rewritten for this deployment (upstream model name). */
  readonly body: Buffer | null;
  /** Whether the caller asked for an SSE stream. */
  readonly stream: boolean;
  readonly signal: CancelSignal;
  /** The caller's protocol headers the upstream must see (`anthropic-version`, `anthropic-beta`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Readable;
}

export interface Provider {
  readonly id: string;
  /** True when answers come from Cordon's local simulated upstream, not a real provider. */
  readonly simulated: boolean;
  /** The protocols this provider answers: a request in another is never sent to it (no translation). */
  readonly protocols: readonly ProtocolName[];
  /**
   * Resolves once the upstream's status and headers have arrived; rejects on connection errors and
   * timeouts before that (the router falls back to the next candidate).
   */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}
