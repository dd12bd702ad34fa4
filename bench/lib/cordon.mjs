// Cordon targets: the real gateway (`node dist/cli/main.js serve`) with a temp config pointing at the
// mock, a temp store and an API key created beforehand, plus any variants from CORDON_VARIANTS.
//
// CORDON_VARIANTS is JSON (inline or a path to a .json file): an array of
//   { "name": "cordon+x",            row name (required)
//     "configFile": "x.yaml",        optional YAML/JSON merged over the base config
//     "config": { ... },             optional object merged over that (snake_case, as in the config file)
//     "env": { "K": "v" },           optional environment of the serve process (null removes a variable)
//     "main": "/path/dist/cli/main.js", optional other build (e.g. a worktree of the previous commit)
//     "node_args": ["--max-semi-space-size=16"], optional node flags }
// Strings in configFile/config/env may use {MOCK_URL}, {MOCK_PORT}, {TMP} (the variant's temp folder)
// and {REPO}. server.host/port are always set by the bench.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { parse as parseYaml } from 'yaml';
import { runCommand } from './procs.mjs';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const CORDON_MAIN = join(REPO, 'dist', 'cli', 'main.js');

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep merge for config objects: objects merge, anything else (arrays included) replaces. */
export function merge(base, over) {
  if (!isObject(base) || !isObject(over)) return over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

/** Replaces {NAME} placeholders in every string inside `value`. */
function substitute(value, vars) {
  if (typeof value === 'string') return value.replace(/\{([A-Z_]+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

export function baseConfig({ port, mockPort, tmp }) {
  return {
    server: { host: '127.0.0.1', port, trusted_proxies: ['127.0.0.1/32'] },
    store: { url: `sqlite:${join(tmp, 'cordon.sqlite')}` },
    data_dir: join(tmp, 'data'),
    providers: {
      openai: { base_url: `http://127.0.0.1:${mockPort}/v1` },
      // The same mock serves the Messages API (the /v1/messages streaming row).
      anthropic: { base_url: `http://127.0.0.1:${mockPort}/v1`, messages_base_url: `http://127.0.0.1:${mockPort}/v1` },
    },
    models: {
      'gpt-4o-mini': { deployments: [{ provider: 'openai', model: 'gpt-4o-mini', price: { input: 0.15, output: 0.6 } }] },
      'claude-haiku-4-5': { deployments: [{ provider: 'anthropic', model: 'claude-haiku-4-5', price: { input: 1, cached_input: 0.1, cache_write: 1.25, output: 5 } }] },
    },
  };
}

/** The variants: the plain `cordon` row first, then those from CORDON_VARIANTS. */
export function cordonVariants(spec) {
  const plain = { name: 'cordon' };
  if (!spec) return [plain];
  const text = spec.trim().startsWith('[') ? spec : readFileSync(spec, 'utf8');
  const extra = JSON.parse(text);
  if (!Array.isArray(extra) || extra.some((v) => !v || typeof v.name !== 'string')) {
    throw new Error('CORDON_VARIANTS: expected a JSON array of { "name": ..., "config"?, "configFile"?, "env"?, "main"?, "node_args"? }');
  }
  return [plain, ...extra];
}

/**
 * Writes the variant's config (JSON is valid YAML) and creates its API key. Returns what starting it
 * needs: { argv, env, configPath, key, denyKey }.
 */
export async function prepareCordon(variant, { port, mockPort, tmp, nodeArgs = [] }) {
  mkdirSync(tmp, { recursive: true });
  const vars = { MOCK_URL: `http://127.0.0.1:${mockPort}/v1`, MOCK_PORT: mockPort, TMP: tmp, REPO };
  let config = baseConfig({ port, mockPort, tmp });
  if (variant.configFile) config = merge(config, substitute(parseYaml(readFileSync(variant.configFile, 'utf8')) ?? {}, vars));
  if (variant.config) config = merge(config, substitute(variant.config, vars));
  config = merge(config, { server: { host: '127.0.0.1', port } });
  const configPath = join(tmp, 'cordon.yaml');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);

  const main = variant.main ? resolve(variant.main) : CORDON_MAIN;
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" first`);
  // The config file decides; clear the variables that would override it.
  const env = { PORT: String(port), HOST: '127.0.0.1', CORDON_CONFIG: null, CORDON_TRUSTED_PROXIES: null, CORDON_STORE_URL: null, ...substitute(variant.env ?? {}, vars) };
  const createKey = async (tenant) => {
    const created = await runCommand(
      [process.execPath, main, 'keys', 'create', '--tenant', tenant, '--country', 'GB', '--json', '--config', configPath],
      { env, cwd: tmp, timeoutMs: 60_000 },
    );
    try {
      return JSON.parse(created.stdout.trim().split('\n').pop()).key;
    } catch {
      throw new Error(`${variant.name}: "cordon keys create" failed (exit ${created.status}): ${(created.stderr || created.stdout).slice(0, 400)}`);
    }
  };
  const key = await createKey('bench');
  // The refused-country check uses a key of its own: enforcement may warn or suspend the key it sees
  // refused, and the timed key must stay in its normal state.
  const denyKey = await createKey('bench-deny-check');
  const argv = [process.execPath, ...(variant.node_args ?? []), ...nodeArgs, main, 'serve', '--config', configPath];
  return { argv, env, configPath, key, denyKey };
}
