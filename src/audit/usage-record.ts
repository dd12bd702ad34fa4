/**
 * The `usage` record: how a routed request's answer ended, with its tokens and cost. Its `ref` is the
 * request id of the decision record it completes; it names the deployment that actually answered
 * (after any fallback) and carries the account and country again, so it stands on its own.
 */
import type { TokenUsage, UsageEstimate } from '../domain/usage.js';
import type { JsonObject, JsonValue } from './canonical.js';
import { reader } from './json-read.js';

export interface UsageRecordInput {
  readonly requestId: string;
  readonly keyId: string;
  readonly tenantId: string;
  readonly tenant: string;
  readonly country: string | null;
  /** The model name the caller asked for. */
  readonly model: string;
  readonly provider: string;
  readonly upstreamModel: string;
  readonly status: number;
  /** False when the answer was cut (upstream failure, caller gone). */
  readonly complete: boolean;
  /** Null when the upstream reported no usage. */
  readonly usage: TokenUsage | null;
  /** Null when there is no usage or no price for the deployment. */
  readonly costNanoUsd: number | null;
  /**
   * Set when `usage` was estimated with a tokenizer (the upstream reported none); absent or null when
   * it is the upstream's own figure. Records without it read and verify as before.
   */
  readonly estimate?: UsageEstimate | null;
}

export function usageData(u: UsageRecordInput): JsonObject {
  // Keys in sorted order, so the canonical encoding is JSON.stringify's (canonical.ts). `estimate` only
  // when there is one, so an exact record has the shape it always had.
  return {
    complete: u.complete,
    cost_nano_usd: u.costNanoUsd,
    country: u.country,
    ...(u.estimate ? { estimate: { family: u.estimate.family, tokenizer: u.estimate.tokenizer } } : {}),
    key_id: u.keyId,
    model: u.model,
    provider: u.provider,
    request_id: u.requestId,
    status: u.status,
    tenant: u.tenant,
    tenant_id: u.tenantId,
    upstream_model: u.upstreamModel,
    usage: u.usage === null ? null : { cached_input_tokens: u.usage.cachedInputTokens, input_tokens: u.usage.inputTokens, output_tokens: u.usage.outputTokens },
  };
}

export function readUsageRecord(data: JsonObject): UsageRecordInput {
  const { obj, str, strOrNull, num, numOrNull, bool } = reader('usage record');
  const usage = data.usage === null || data.usage === undefined ? null : obj(data.usage, 'usage');
  return {
    requestId: str(data.request_id, 'request_id'),
    keyId: str(data.key_id, 'key_id'),
    tenantId: str(data.tenant_id, 'tenant_id'),
    tenant: str(data.tenant, 'tenant'),
    country: strOrNull(data.country, 'country'),
    model: str(data.model, 'model'),
    provider: str(data.provider, 'provider'),
    upstreamModel: str(data.upstream_model, 'upstream_model'),
    status: num(data.status, 'status'),
    complete: bool(data.complete, 'complete'),
    usage:
      usage === null
        ? null
        : { inputTokens: num(usage.input_tokens, 'usage.input_tokens'), cachedInputTokens: num(usage.cached_input_tokens, 'usage.cached_input_tokens'), outputTokens: num(usage.output_tokens, 'usage.output_tokens') },
    costNanoUsd: numOrNull(data.cost_nano_usd, 'cost_nano_usd'),
    estimate: readEstimate(data.estimate),
  };
}

function readEstimate(value: JsonValue | undefined): UsageEstimate | null {
  if (value === undefined || value === null) return null;
  const { obj, str } = reader('usage record');
  const e = obj(value, 'estimate');
  const family = str(e.family, 'estimate.family');
  if (family !== 'openai' && family !== 'other') throw new TypeError('usage record: estimate.family is not openai or other');
  return { tokenizer: str(e.tokenizer, 'estimate.tokenizer'), family };
}
