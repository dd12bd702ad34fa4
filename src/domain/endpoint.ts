/** The OpenAI API endpoints Cordon serves and relays, as paths relative to a provider's base URL (which ends in /v1 or similar). */
export const UPSTREAM_PATHS = ['/chat/completions', '/completions', '/embeddings', '/responses', '/models'] as const;
export type UpstreamPath = (typeof UPSTREAM_PATHS)[number];
