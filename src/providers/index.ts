export type { Provider, UpstreamRequest, UpstreamResponse, UpstreamPath } from './contract.js';
export { UPSTREAM_PATHS } from './contract.js';
export { Cancel, type CancelSignal } from './cancel.js';
export { createProviders } from './registry.js';
export { createSimulatedProvider, SIMULATED_FINGERPRINT } from './simulated.js';
export { createOpenAiCompatibleProvider } from './openai-compatible.js';
export { PROVIDER_PRESETS, isProviderPresetName, type ProviderPreset, type ProviderPresetName } from './presets.js';
