/**
 * The `usage` row of a usage record (one per request) with its flags as booleans, and the UTC day it
 * counts in within `usage_daily`. `seq` is left out, as for decision facts (decision-facts.ts).
 */
import type { UsageRecordInput } from '../../audit/index.js';
import { utcDay } from './usage-rollup.js';

export interface UsageFactsRow {
  readonly request_id: string;
  readonly at: number;
  readonly day: string;
  readonly key_id: string;
  readonly tenant_id: string;
  readonly tenant: string;
  readonly country: string | null;
  readonly model: string;
  readonly provider: string;
  readonly upstream_model: string;
  readonly status: number;
  readonly complete: boolean;
  /** Whether the answer reported its usage; the token counts are 0 when it did not. */
  readonly reported: boolean;
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly output_tokens: number;
  readonly cost_nano_usd: number | null;
}

/** The row of a usage record appended at `at`. */
export function usageFactsRow(at: number, u: UsageRecordInput): UsageFactsRow {
  return {
    request_id: u.requestId,
    at,
    day: utcDay(at),
    key_id: u.keyId,
    tenant_id: u.tenantId,
    tenant: u.tenant,
    country: u.country,
    model: u.model,
    provider: u.provider,
    upstream_model: u.upstreamModel,
    status: u.status,
    complete: u.complete,
    reported: u.usage !== null,
    input_tokens: u.usage?.inputTokens ?? 0,
    cached_input_tokens: u.usage?.cachedInputTokens ?? 0,
    output_tokens: u.usage?.outputTokens ?? 0,
    cost_nano_usd: u.costNanoUsd,
  };
}
