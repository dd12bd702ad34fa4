/** Enforcement settings for pure tests, through the real config loader (a temp YAML file). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { EnforcementSettings, TenantPolicy } from '../../src/enforcement/index.js';

/** Loads a config file holding `doc`; `env` resolves `env:NAME` references. */
export function configFrom(doc: Record<string, unknown>, env: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-enf-config-'));
  try {
    const file = join(dir, 'cordon.yaml');
    writeFileSync(file, stringify(doc));
    return loadConfig({ file, env });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function settingsFrom(enforcement: Record<string, unknown> = {}, env: Record<string, string> = {}): EnforcementSettings {
  return configFrom({ enforcement }, env).enforcement;
}

/** The shipped default policy, with fields replaced. */
export function defaultPolicy(overrides: Partial<TenantPolicy> = {}): TenantPolicy {
  return { ...loadConfig({ file: null, env: {} }).enforcement.defaults, ...overrides };
}
