/**
 * Provider presets: where each known upstream lives and how it authenticates. Most upstreams speak
 * the OpenAI protocol, so a preset is data for the one OpenAI-compatible adapter. The registry is a
 * literal map; the availability lists themselves live in data/presets/terms/*.yaml.
 */
export interface ProviderPreset {
  /** Base URL including the version segment; request paths such as `/chat/completions` are appended. */
  readonly baseUrl: string | null;
  /** Where the provider serves Anthropic's Messages API (`/messages` is appended), or null when it does not. */
  readonly messagesBaseUrl: string | null;
  /** Environment variable the default config reads the API key from. */
  readonly apiKeyEnv: string | null;
  /** Name of the provider-terms list (data/presets/terms/NAME.yaml), or null for none. */
  readonly terms: string | null;
}

export const PROVIDER_PRESETS = {
  openai: { baseUrl: 'https://api.openai.com/v1', messagesBaseUrl: null, apiKeyEnv: 'OPENAI_API_KEY', terms: 'openai' },
  // Anthropic's OpenAI-compatible endpoint (chat completions; the key as a Bearer token) and its own
  // Messages API (the key as `x-api-key`).
  anthropic: { baseUrl: 'https://api.anthropic.com/v1', messagesBaseUrl: 'https://api.anthropic.com/v1', apiKeyEnv: 'ANTHROPIC_API_KEY', terms: 'anthropic' },
  // DeepSeek publishes an Anthropic-compatible endpoint beside its OpenAI one.
  deepseek: { baseUrl: 'https://api.deepseek.com/v1', messagesBaseUrl: 'https://api.deepseek.com/anthropic/v1', apiKeyEnv: 'DEEPSEEK_API_KEY', terms: 'deepseek' },
  gemini: { baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai', messagesBaseUrl: null, apiKeyEnv: 'GEMINI_API_KEY', terms: 'gemini' },
  // Any OpenAI-compatible server (vLLM, Ollama, LM Studio…): base_url is required in config.
  'openai-compatible': { baseUrl: null, messagesBaseUrl: null, apiKeyEnv: null, terms: null },
} as const satisfies Record<string, ProviderPreset>;

export type ProviderPresetName = keyof typeof PROVIDER_PRESETS;

export function isProviderPresetName(name: string): name is ProviderPresetName {
  return Object.hasOwn(PROVIDER_PRESETS, name);
}
