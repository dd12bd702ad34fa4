/**
 * What compiling a policy needs from this config — the presets (from the cache folder when unchanged)
 * and the configured providers — and where its live policy comes from. Composition helpers: the app,
 * and the CLI commands that compile policies, build them here.
 */
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import type { PolicyContext, PolicySource } from '../operations/index.js';
import type { PresetCatalog } from '../policy/index.js';
import type { Store } from '../store/index.js';
import { installedPresets } from '../data-updates/index.js';
import { defaultPresetsDir } from '../policy/index.js';
import { loadPresetCatalogCached } from './preset-cache.js';

/**
 * The presets folder in use: the signed bundle installed by the updater when `updates.sources` has a
 * presets source (docs/data.md), else the one shipped with Cordon.
 */
export function presetsDir(config: Config): string {
  const installed = config.updates.sources.some((s) => s.kind === 'presets') ? installedPresets(join(config.dataDir, 'presets')) : null;
  return installed?.path ?? defaultPresetsDir();
}

/** The presets (from the cache folder when unchanged, ./preset-cache.ts) and the configured providers. */
export function policyContext(config: Config, presets: PresetCatalog = loadPresetCatalogCached(join(config.dataDir, 'cache'), presetsDir(config))): PolicyContext {
  return { presets, providers: config.providers.map((p) => ({ id: p.id, terms: p.terms })) };
}

/** Where this config's live policy comes from: the store's versions, else its file. */
export function policySource(config: Config, store: Store, ctx: PolicyContext = policyContext(config)): PolicySource {
  return { config, versions: store.evidence.policies, ctx };
}
