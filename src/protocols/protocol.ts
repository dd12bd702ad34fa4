/**
 * A wire protocol: the API dialect a caller speaks and an upstream must speak back (OpenAI's, or
 * Anthropic's Messages API). Everything that differs between dialects lives behind this one shape, so
 * the gateway's decision path (account, origin, policy, enforcement, audit, routing, metering) is one.
 */
import type { UpstreamPath } from '../domain/endpoint.js';
import type { CordonError } from '../errors/index.js';
import type { UsageDialect } from '../metering/index.js';

export type ProtocolName = 'openai' | 'anthropic';

/** What the gateway reads from a request body before it decides: the model, streaming, the end user. */
export interface RequestedCall {
  readonly model: string;
  readonly stream: boolean;
  /** The end user the caller named in its body apart from the safety field (OpenAI's `user`), or null. */
  readonly user: string | null;
}

export interface ErrorAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface WireProtocol {
  readonly name: ProtocolName;
  /** Said in errors: "… speaks the {label}". */
  readonly label: string;
  /** Reads model, stream and end user; throws a `CordonError` when the model is missing or not a string. */
  readRequest(path: UpstreamPath, body: Readonly<Record<string, unknown>>): RequestedCall;
  /** The caller's headers an upstream of this protocol must see (Anthropic's version and beta flags). */
  readonly forwardHeaders: readonly string[];
  /** The header that carries the decision id on error answers, as the protocol's SDKs read it, or null. */
  readonly requestIdHeader: string | null;
  /** An error as this protocol's callers expect it, before any byte went out. */
  errorAnswer(err: CordonError, requestId: string): ErrorAnswer;
  /** The SSE frame that ends a stream that failed after it began. */
  streamError(err: CordonError, requestId: string): string;
  /** How usage is read from this protocol's answers. */
  readonly usage: UsageDialect;
  /**
   * The body field that names the end user to the provider, as a path (`safety_identifier`,
   * `metadata.user_id`): what the safety-identifier stage reads and fills.
   */
  readonly safetyField: readonly [string] | readonly [string, string];
  /** The endpoints that accept that field (others could refuse a body that has it). */
  readonly safetyPaths: readonly UpstreamPath[];
}
