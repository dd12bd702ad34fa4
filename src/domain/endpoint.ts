/**
 * The API endpoints Cordon serves and relays, as paths relative to a provider's base URL (which ends in
 * /v1 or similar): OpenAI's, and Anthropic's Messages API (`/messages`, `/messages/count_tokens`).
 */
export const UPSTREAM_PATHS = ['/chat/completions', '/completions', '/embeddings', '/responses', '/models', '/messages', '/messages/count_tokens'] as const;
export type UpstreamPath = (typeof UPSTREAM_PATHS)[number];
