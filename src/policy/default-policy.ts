/**
 * The built-in policy (`data/presets/default-policy.yaml`): US sanctions at the law layer (unknown
 * origin allowed, no location database denied), every preset provider's list at the terms layer, and
 * an operator layer that allows.
 */
import { fileURLToPath } from 'node:url';
import type { PolicyDocument, PresetCatalog } from './model.js';
import { loadPolicyFile } from './parse.js';

export function defaultPolicyFile(): string {
  return fileURLToPath(new URL('../../data/presets/default-policy.yaml', import.meta.url));
}

/** Reads and validates the built-in policy; throws `PolicyValidationError` if the shipped data is broken. */
export function loadDefaultPolicy(presets: PresetCatalog): PolicyDocument {
  return loadPolicyFile(defaultPolicyFile(), presets);
}
