/** Loads and compiles the live policy (the configured file, or the built-in default). */
import type { Config } from '../config/types.js';
import type { Decision, PolicyInput } from '../domain/decision.js';
import type { PolicyDecider } from '../gateway/ports.js';
import { compilePolicy, evaluateForProviders, loadDefaultPolicy, loadPolicyFile, loadPresetCatalog, type CompiledPolicy } from '../policy/index.js';

export interface PolicyHandle {
  current(): PolicyDecider & { readonly compiled: CompiledPolicy };
}

export function compileConfiguredPolicy(config: Config): CompiledPolicy {
  const presets = loadPresetCatalog();
  const doc = config.policyFile ? loadPolicyFile(config.policyFile, presets) : loadDefaultPolicy(presets);
  return compilePolicy(doc, { presets, providers: config.providers.map((p) => ({ id: p.id, terms: p.terms })) });
}

export function deciderFor(compiled: CompiledPolicy): PolicyDecider & { readonly compiled: CompiledPolicy } {
  return {
    compiled,
    policyHash: compiled.hash,
    decide: (input: PolicyInput, providers: readonly string[]): readonly Decision[] => evaluateForProviders(compiled, input, providers),
  };
}

export function loadPolicy(config: Config): PolicyHandle {
  const decider = deciderFor(compileConfiguredPolicy(config));
  return { current: () => decider };
}
