/**
 * The body sent upstream: the caller's, with the deployment's model name and — for streamed chat and
 * text completions, when metering is on — `stream_options.include_usage` asked for, so the upstream
 * reports token usage. When the caller did not ask for usage, the metering stage strips that extra
 * chunk again. The end user's safety identifier is set or removed when its stage says so
 * (safety-identifier.ts). The caller's raw bytes are reused whenever nothing changes.
 */
import type { UpstreamPath } from '../providers/contract.js';
import { applySafetyEdit, type SafetyEdit } from './safety-identifier.js';

export interface UpstreamBodyOptions {
  readonly requested: string;
  readonly upstream: string;
  readonly path: UpstreamPath;
  /** Ask a streamed completion for its usage chunk. */
  readonly askUsage: boolean;
  /** The safety identifier to set or remove, or null. */
  readonly safety?: SafetyEdit | null;
}

export interface UpstreamBody {
  readonly body: Buffer;
  /** True when Cordon added `include_usage` and the caller must not see the extra chunk. */
  readonly stripUsageChunk: boolean;
}

const USAGE_ON_STREAM: ReadonlySet<UpstreamPath> = new Set(['/chat/completions', '/completions']);

export function prepareUpstreamBody(body: Readonly<Record<string, unknown>>, raw: Buffer, o: UpstreamBodyOptions): UpstreamBody {
  const addUsage = o.askUsage && body.stream === true && USAGE_ON_STREAM.has(o.path) && !callerAskedUsage(body.stream_options);
  const safety = o.safety ?? null;
  if (o.requested === o.upstream && !addUsage && safety === null) return { body: raw, stripUsageChunk: false };
  let out: Record<string, unknown> = { ...body, model: o.upstream };
  if (safety !== null) out = applySafetyEdit(out, safety);
  if (addUsage) {
    const options = typeof body.stream_options === 'object' && body.stream_options !== null ? body.stream_options : {};
    out.stream_options = { ...options, include_usage: true };
  }
  return { body: Buffer.from(JSON.stringify(out)), stripUsageChunk: addUsage };
}

function callerAskedUsage(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { include_usage?: unknown }).include_usage === true;
}
