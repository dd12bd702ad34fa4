/**
 * The live policy: the latest applied policy version in the store when there is one, else the
 * config's `policy.file`, else the built-in default; and the shadow policy, when one runs. Both are
 * re-read from the store every second (one indexed query each), so a version applied by `cordon
 * policy apply` in another process takes effect within about a second, with no per-request cost.
 */
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import type { Decision, PolicyInput } from '../domain/decision.js';
import type { PolicyDecider } from '../gateway/ports.js';
import type { Logger } from '../observability/logger.js';
import {
  compilePolicy,
  defaultPresetsDir,
  evaluateForProviders,
  loadDefaultPolicy,
  loadPolicyFile,
  parsePolicy,
  unwrap,
  type CompiledPolicy,
  type PresetCatalog,
  type ProviderBinding,
} from '../policy/index.js';
import type { Store } from '../store/index.js';
import { loadPresetCatalogCached } from './preset-cache.js';
import { installedPresets } from '../data-updates/index.js';

export interface LiveDecider extends PolicyDecider {
  readonly compiled: CompiledPolicy;
  /** The policy version it came from; null for the config's file or the built-in default. */
  readonly version: number | null;
}

export interface PolicyHandle {
  /** The preset catalog the policies compile against (shipped, or an installed bundle). */
  readonly presets: PresetCatalog;
  current(): LiveDecider;
  /** The shadow policy running beside the live one, or null. */
  shadow(): LiveDecider | null;
  /** Reads the store now; true when the live or shadow policy changed. The poller calls it every second. */
  refresh(): Promise<boolean>;
  close(): void;
}

/** What compiling a document needs besides the document: the presets and the configured providers. */
export interface PolicyContext {
  readonly presets: PresetCatalog;
  readonly providers: readonly ProviderBinding[];
}

/**
 * The presets folder in use: the signed bundle installed by the updater when `updates.sources` has a
 * presets source (docs/data.md), else the one shipped with Cordon.
 */
export function presetsDir(config: Config): string {
  const installed = config.updates.sources.some((s) => s.kind === 'presets') ? installedPresets(join(config.dataDir, 'presets')) : null;
  return installed?.path ?? defaultPresetsDir();
}

/** The presets (from the cache folder when unchanged, src/app/preset-cache.ts) and the configured providers. */
export function policyContext(config: Config, presets: PresetCatalog = loadPresetCatalogCached(join(config.dataDir, 'cache'), presetsDir(config))): PolicyContext {
  return { presets, providers: config.providers.map((p) => ({ id: p.id, terms: p.terms })) };
}

/** The config's policy (its file, or the built-in default), compiled. */
export function compileConfiguredPolicy(config: Config, ctx: PolicyContext = policyContext(config)): CompiledPolicy {
  const doc = config.policyFile ? loadPolicyFile(config.policyFile, ctx.presets) : loadDefaultPolicy(ctx.presets);
  return compilePolicy(doc, { presets: ctx.presets, providers: ctx.providers });
}

/** A stored or given document's text, validated and compiled; throws `PolicyValidationError`. */
export function compilePolicyText(text: string, source: string, ctx: PolicyContext): CompiledPolicy {
  const doc = unwrap(parsePolicy(text, { file: source, presets: ctx.presets }));
  return compilePolicy(doc, { presets: ctx.presets, providers: ctx.providers });
}

export function deciderFor(compiled: CompiledPolicy, version: number | null = null): LiveDecider {
  return {
    compiled,
    version,
    policyHash: compiled.hash,
    decide: (input: PolicyInput, providers: readonly string[]): readonly Decision[] => evaluateForProviders(compiled, input, providers),
  };
}

/** The policy in force at `at`: the latest applied version, else the config's. */
export async function livePolicy(config: Config, store: Store, at: number, ctx: PolicyContext = policyContext(config)): Promise<LiveDecider> {
  const version = await store.evidence.policies.live(at);
  if (version === null) return deciderFor(compileConfiguredPolicy(config, ctx));
  return deciderFor(compilePolicyText(version.document, `policy version ${version.id}`, ctx), version.id);
}

export interface OpenPolicyOptions {
  readonly now: () => number;
  readonly logger: Logger;
  /** Poll the store every `pollMs` (default 1000); false in tests, which call refresh(). */
  readonly poll: boolean;
  readonly pollMs?: number;
}

export async function openPolicy(config: Config, store: Store, options: OpenPolicyOptions): Promise<PolicyHandle> {
  const ctx = policyContext(config);
  const configured = deciderFor(compileConfiguredPolicy(config, ctx));
  let live = await livePolicy(config, store, options.now(), ctx);
  let shadow: LiveDecider | null = null;
  let shadowKey: string | null = null;

  /** The store's answer last acted on, so a version that fails to compile is reported once, not every second. */
  let seenLive: number | null = live.version;

  async function refresh(): Promise<boolean> {
    let changed = false;
    const id = await store.evidence.policies.liveId(options.now());
    if (id !== seenLive) {
      seenLive = id;
      try {
        live = id === null ? configured : await livePolicy(config, store, options.now(), ctx);
        options.logger.log('info', 'live policy changed', { version: live.version, policy: live.policyHash });
        changed = true;
      } catch (err) {
        options.logger.log('error', 'policy version does not compile; keeping the current policy', { version: id, error: String(err) });
      }
    }
    const running = await store.evidence.shadow.get();
    const key = running === null ? null : `${running.hash}@${running.startedAt}`;
    if (key !== shadowKey) {
      shadowKey = key;
      try {
        shadow = running === null ? null : deciderFor(compilePolicyText(running.document, `shadow policy (${running.source})`, ctx));
      } catch (err) {
        shadow = null;
        options.logger.log('error', 'shadow policy does not compile; shadow evaluation is off', { error: String(err) });
      }
      options.logger.log('info', shadow === null ? 'shadow policy off' : 'shadow policy running', { policy: shadow?.policyHash ?? null });
      changed = true;
    }
    return changed;
  }

  await refresh();
  let polling = false;
  const timer = options.poll
    ? setInterval(() => {
        if (polling) return;
        polling = true;
        refresh()
          .catch((err: unknown) => options.logger.log('error', 'policy refresh failed; keeping the current policy', { error: String(err) }))
          .finally(() => (polling = false));
      }, options.pollMs ?? 1000)
    : null;
  timer?.unref();

  return {
    presets: ctx.presets,
    current: () => live,
    shadow: () => shadow,
    refresh,
    close: () => {
      if (timer !== null) clearInterval(timer);
    },
  };
}
