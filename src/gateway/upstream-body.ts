/**
 * The body sent upstream: the caller's, with the deployment's model name and — for streamed chat and
 * text completions, when metering is on — `stream_options.include_usage` asked for, so the upstream
 * reports token usage. When the caller did not ask for usage, the metering stage strips that extra
 * chunk again. The end user's safety identifier is set or removed when its stage says so
 * (safety-identifier.ts). The caller's raw bytes are reused whenever nothing changes and they cannot
 * read differently upstream (a key written twice).
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
  if (o.requested === o.upstream && !addUsage && safety === null && !mayRepeatReadKey(raw)) return { body: raw, stripUsageChunk: false };
  let out: Record<string, unknown> = { ...body, model: o.upstream };
  if (safety !== null) out = applySafetyEdit(out, safety);
  if (addUsage) {
    const options = typeof body.stream_options === 'object' && body.stream_options !== null ? body.stream_options : {};
    out.stream_options = { ...options, include_usage: true };
  }
  return { body: Buffer.from(JSON.stringify(out)), stripUsageChunk: addUsage };
}

const MODEL_KEY = Buffer.from('"model"');
const STREAM_KEY = Buffer.from('"stream"');
const ESCAPE = Buffer.from('\\u');

/**
 * True unless the caller's bytes surely hold `model` and `stream` once each. Written twice, JSON.parse
 * kept the last — what was decided, recorded and metered — while an upstream whose parser takes the
 * first would serve another model (one the operator never listed, at another price). A key can also
 * be spelt with escapes (`"mod\u0065l"`), so a body with any `\u` is re-encoded too. Re-encoding writes
 * what was decided; a `"model"` inside a message only costs that.
 */
function mayRepeatReadKey(raw: Buffer): boolean {
  return occursTwice(raw, MODEL_KEY) || occursTwice(raw, STREAM_KEY) || raw.includes(ESCAPE);
}

function occursTwice(raw: Buffer, key: Buffer): boolean {
  const first = raw.indexOf(key);
  return first !== -1 && raw.indexOf(key, first + key.length) !== -1;
}

function callerAskedUsage(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { include_usage?: unknown }).include_usage === true;
}
