/**
 * What Cordon runs with when the config file leaves something out: providers found from their API key
 * variables (or, with none, every preset answered by the local simulated upstream) and models from the
 * bundled price table.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Secret } from '../domain/secret.js';
import { PROVIDER_PRESETS, type ProviderPresetName } from '../providers/presets.js';
import { EnvSecret } from './secret.js';
import type { DeploymentConfig, ModelConfig, Price, ProviderConfig } from './types.js';

const PRICES_URL = new URL('../../data/presets/prices.yaml', import.meta.url);

const priceFile = z.object({
  source: z.record(z.string()),
  as_of: z.union([z.string(), z.date()]),
  notes: z.string().optional(),
  models: z.record(
    z.object({ provider: z.string(), input: z.number(), cached_input: z.number().optional(), cache_write: z.number().optional(), output: z.number() }).strict(),
  ),
}).strict();

export interface ListPrice extends Price {
  readonly provider: string;
}

let priceCache: ReadonlyMap<string, ListPrice> | null = null;

/** The bundled list prices by upstream model name (data/presets/prices.yaml). */
export function listPrices(): ReadonlyMap<string, ListPrice> {
  if (priceCache) return priceCache;
  const doc = priceFile.parse(parse(readFileSync(PRICES_URL, 'utf8')));
  priceCache = new Map(
    Object.entries(doc.models).map(([model, p]) => [model, { provider: p.provider, input: p.input, cachedInput: p.cached_input ?? null, ...(p.cache_write === undefined ? {} : { cacheWrite: p.cache_write }), output: p.output }]),
  );
  return priceCache;
}

const DEFAULT_PROVIDER_ORDER: readonly ProviderPresetName[] = ['openai', 'anthropic', 'deepseek', 'gemini'];

function presetProvider(id: ProviderPresetName, apiKey: Secret | null, simulated: boolean): ProviderConfig {
  const preset = PROVIDER_PRESETS[id];
  return {
    id,
    preset: id,
    baseUrl: preset.baseUrl,
    messagesBaseUrl: preset.messagesBaseUrl,
    apiKey,
    simulated,
    terms: preset.terms,
    timeoutMs: 60_000,
    streamIdleTimeoutMs: 300_000,
    connections: 128,
  };
}

/** Providers whose key variable is set; with none set, every preset on the simulated upstream. */
export function defaultProviders(env: Readonly<Record<string, string | undefined>>): { providers: ProviderConfig[]; simulatedOnly: boolean } {
  const real = DEFAULT_PROVIDER_ORDER.flatMap((id) => {
    const keyEnv = PROVIDER_PRESETS[id].apiKeyEnv;
    const key = keyEnv ? env[keyEnv] : undefined;
    return key && keyEnv ? [presetProvider(id, new EnvSecret(`providers.${id}.api_key`, keyEnv, env, '(built-in defaults)'), false)] : [];
  });
  if (real.length > 0) return { providers: real, simulatedOnly: false };
  return { providers: DEFAULT_PROVIDER_ORDER.map((id) => presetProvider(id, null, true)), simulatedOnly: true };
}

/**
 * One model per priced upstream model whose provider is configured, plus `chat`: the cheap model of
 * every configured provider, so routing picks the cheapest one allowed where the caller is.
 */
export function defaultModels(providers: readonly ProviderConfig[]): ModelConfig[] {
  const configured = new Set(providers.map((p) => p.id));
  const prices = listPrices();
  const models: ModelConfig[] = [];
  for (const [name, price] of prices) {
    if (!configured.has(price.provider)) continue;
    models.push({ name, strategy: 'cheapest', deployments: [deploymentFor(name, price)] });
  }
  const chat = ['gpt-4o-mini', 'deepseek-chat', 'claude-haiku-4-5', 'gemini-2.5-flash'].flatMap((name) => {
    const price = prices.get(name);
    return price && configured.has(price.provider) ? [deploymentFor(name, price)] : [];
  });
  if (chat.length > 0) models.push({ name: 'chat', strategy: 'cheapest', deployments: chat });
  return models;
}

function deploymentFor(model: string, price: ListPrice): DeploymentConfig {
  return { provider: price.provider, model, price: { input: price.input, cachedInput: price.cachedInput, ...(price.cacheWrite == null ? {} : { cacheWrite: price.cacheWrite }), output: price.output }, priority: 0 };
}
