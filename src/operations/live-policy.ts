/**
 * Which policy is in force: the latest applied policy version in the store when there is one, else
 * the config's `policy.file`, else the built-in default. Compiling needs the presets and the
 * configured providers (a PolicyContext, built by the composition root from its preset cache).
 */
import type { Config } from '../config/types.js';
import type { Decision, PolicyInput } from '../domain/decision.js';
import type { PolicyDecider } from '../gateway/ports.js';
import {
  compilePolicy,
  evaluateForProviders,
  loadDefaultPolicy,
  loadPolicyFile,
  parsePolicy,
  unwrap,
  type CompiledPolicy,
  type PresetCatalog,
  type ProviderBinding,
} from '../policy/index.js';
import type { PolicyVersions } from '../store/evidence-port.js';

/** What compiling a document needs besides the document: the presets and the configured providers. */
export interface PolicyContext {
  readonly presets: PresetCatalog;
  readonly providers: readonly ProviderBinding[];
}

/** Where the live policy comes from: the stored versions, else the config's file. */
export interface PolicySource {
  readonly config: Pick<Config, 'policyFile'>;
  readonly versions: PolicyVersions;
  readonly ctx: PolicyContext;
}

export interface LiveDecider extends PolicyDecider {
  readonly compiled: CompiledPolicy;
  /** The policy version it came from; null for the config's file or the built-in default. */
  readonly version: number | null;
}

/** The config's policy (its file, or the built-in default), compiled. */
export function compileConfiguredPolicy(config: Pick<Config, 'policyFile'>, ctx: PolicyContext): CompiledPolicy {
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
export async function livePolicy(source: PolicySource, at: number): Promise<LiveDecider> {
  const version = await source.versions.live(at);
  if (version === null) return deciderFor(compileConfiguredPolicy(source.config, source.ctx));
  return deciderFor(compilePolicyText(version.document, `policy version ${version.id}`, source.ctx), version.id);
}
