/** Builds one Provider per configured provider: the simulated upstream or the OpenAI-compatible adapter (with its Messages API, when configured). */
import type { ProviderConfig } from '../config/types.js';
import type { Provider } from './contract.js';
import { createOpenAiCompatibleProvider } from './openai-compatible.js';
import { createSimulatedProvider } from './simulated.js';

export function createProviders(configs: readonly ProviderConfig[], now: () => number): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const c of configs) {
    if (c.simulated || c.baseUrl === null) {
      providers.set(c.id, createSimulatedProvider({ id: c.id, now }));
    } else {
      providers.set(c.id, createOpenAiCompatibleProvider({
        id: c.id,
        baseUrl: c.baseUrl,
        messagesBaseUrl: c.messagesBaseUrl,
        apiKey: c.apiKey?.reveal() ?? null,
        timeoutMs: c.timeoutMs,
        streamIdleTimeoutMs: c.streamIdleTimeoutMs,
        connections: c.connections,
      }));
    }
  }
  return providers;
}
