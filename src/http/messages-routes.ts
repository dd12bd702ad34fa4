/**
 * Anthropic's Messages API on the same base URL as OpenAI's (docs/messages-api.md): `POST /v1/messages`
 * and `/v1/messages/count_tokens` take the shared proxied path (src/http/openai-routes.ts); `GET /v1/models`
 * lists the models with a Messages-capable deployment, in Anthropic's shape, when the caller sends
 * `anthropic-version`, as Anthropic's SDKs and Claude Code do.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ModelList } from '../gateway/index.js';
import type { UpstreamPath } from '../providers/contract.js';
import { ANTHROPIC, OPENAI, type WireProtocol } from '../protocols/index.js';

export const MESSAGES_PATHS: Readonly<Record<string, Exclude<UpstreamPath, '/models'>>> = {
  '/v1/messages': '/messages',
  '/v1/messages/count_tokens': '/messages/count_tokens',
};

/** The protocol a request speaks, from its path (and, for the shared `/v1/models`, its headers). */
export function callerProtocol(path: string, headers: IncomingHttpHeaders): WireProtocol {
  if (MESSAGES_PATHS[path] !== undefined) return ANTHROPIC;
  if (path === '/v1/models' && headers['anthropic-version'] !== undefined) return ANTHROPIC;
  return OPENAI;
}

/** Anthropic's model list: `{data:[{type,id,display_name,created_at}],has_more,first_id,last_id}`. */
export function anthropicModelList(list: ModelList): unknown {
  const data = list.data.map((m) => ({ type: 'model' as const, id: m.id, display_name: m.id, created_at: new Date(m.created * 1000).toISOString() }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}
