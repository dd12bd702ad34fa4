/**
 * Loads the one YAML config file (or the built-in defaults), validates it, applies environment
 * overrides; `env:NAME` secrets are read when used (./secret.ts). The only module that reads process.env.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { configFileSchema, type ConfigFile } from './schema.js';
import { resolveAudit } from './audit-resolve.js';
import { resolveAuthz } from './authz-resolve.js';
import { resolveSafetyIdentifiers } from './safety-resolve.js';
import { resolveEnforcement } from './enforcement-resolve.js';
import { resolveHotState } from './hot-state-resolve.js';
import { resolveOrigin } from './origin-resolve.js';
import { resolveUpdates } from './updates-resolve.js';
import { withMaxmindFromEnv } from './maxmind-env.js';
import { ConfigError, describeZodIssues } from './errors.js';
import { EnvSecret } from './secret.js';
import { defaultModels, defaultProviders, listPrices } from './defaults.js';
import { FORWARDING_HEADERS } from '../origin/forwarding/index.js';
import { PROVIDER_PRESETS, isProviderPresetName } from '../providers/presets.js';
import type { Config, DeploymentConfig, ModelConfig, ProviderConfig } from './types.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadOptions {
  /** Path from `--config`; falls back to CORDON_CONFIG, then to the built-in defaults. */
  readonly file?: string | null;
  readonly env?: Env;
  readonly cwd?: string;
}

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const fileArg = options.file ?? env.CORDON_CONFIG ?? null;
  const file = fileArg ? resolve(cwd, fileArg) : null;
  const raw = file ? readConfigFile(file) : {};
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file ?? '(built-in defaults)', describeZodIssues(parsed.error));
  return resolveConfig(parsed.data, { file, env, base: file ? dirname(file) : cwd, cwd });
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(file, doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  return doc.toJS() ?? {};
}

interface ResolveContext {
  readonly file: string | null;
  readonly env: Env;
  /** Relative paths in the file are relative to the file's folder. */
  readonly base: string;
  /** Relative paths in environment variables are relative to the working directory. */
  readonly cwd: string;
}

function resolveConfig(file: ConfigFile, ctx: ResolveContext): Config {
  const problems: string[] = [];
  const warnings: string[] = [];
  const { doc, standIns, licenseKey } = withMaxmindFromEnv(file, ctx, problems, warnings);
  const { providers, simulatedOnly } = doc.providers
    ? { providers: resolveProviders(doc.providers, ctx, problems), simulatedOnly: false }
    : defaultProviders(ctx.env);
  const models = doc.models ? resolveModels(doc.models, providers, problems) : defaultModels(providers);
  const server = resolveServer(doc, ctx, problems);
  const enforcement = resolveEnforcement(doc.enforcement, ctx, problems);
  const origin = resolveOrigin(doc, ctx.base, problems, warnings);
  const audit = resolveAudit(doc.audit, ctx.env, ctx.file ?? '(built-in defaults)', problems);
  const hotState = resolveHotState(doc.hot_state, ctx.env, problems);
  const updates = resolveUpdates(doc.updates, { base: ctx.base, env: ctx.env, file: ctx.file ?? '(built-in defaults)', licenseKey }, problems);
  const authz = resolveAuthz(doc.authz, providers, problems);
  const safetyIdentifiers = resolveSafetyIdentifiers(doc.safety_identifiers, ctx.env, ctx.file ?? '(built-in defaults)', problems);
  if (problems.length > 0) throw new ConfigError(ctx.file ?? '(built-in defaults)', problems);
  const storeUrl = ctx.env.CORDON_STORE_URL ? resolveStoreUrl(ctx.env.CORDON_STORE_URL, ctx.cwd) : resolveStoreUrl(doc.store.url, ctx.base);
  return {
    source: ctx.file,
    server,
    admin: { enabled: doc.admin.enabled, listen: doc.admin.port === null ? null : { host: doc.admin.host, port: doc.admin.port } },
    storeUrl,
    hotState,
    dataDir: resolve(ctx.base, doc.data_dir),
    geo: {
      location: doc.geo.location === 'bundled' ? 'bundled' : doc.geo.location.map((p) => resolve(ctx.base, p)),
      asn: doc.geo.asn === null || doc.geo.asn === 'bundled' ? doc.geo.asn : resolve(ctx.base, doc.geo.asn),
      anonymousIp: doc.geo.anonymous_ip === null ? null : resolve(ctx.base, doc.geo.anonymous_ip),
      watch: doc.geo.watch,
      bundledUntilLoaded: standIns,
    },
    origin,
    policyFile: doc.policy.file === null ? null : resolve(ctx.base, doc.policy.file),
    providers,
    models,
    simulatedOnly,
    enforcement,
    audit,
    updates,
    authz,
    safetyIdentifiers,
    warnings,
  };
}

function resolveServer(doc: ConfigFile, ctx: ResolveContext, problems: string[]): Config['server'] {
  const env = ctx.env;
  let port = doc.server.port;
  if (env.PORT !== undefined && env.PORT !== '') {
    const n = Number(env.PORT);
    if (!Number.isInteger(n) || n < 0 || n > 65_535) problems.push(`PORT: expected a port number 0-65535, got "${env.PORT}"`);
    else port = n;
  }
  const trusted = env.CORDON_TRUSTED_PROXIES !== undefined
    ? env.CORDON_TRUSTED_PROXIES.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
    : doc.server.trusted_proxies;
  let forwardedHeader = doc.server.forwarded_header;
  const headerEnv = env.CORDON_FORWARDED_HEADER?.trim().toLowerCase();
  if (headerEnv !== undefined && headerEnv !== '') {
    const known = FORWARDING_HEADERS.find((h) => h === headerEnv);
    if (known === undefined) problems.push(`CORDON_FORWARDED_HEADER: expected one of ${FORWARDING_HEADERS.join(', ')}, got "${env.CORDON_FORWARDED_HEADER}"`);
    else forwardedHeader = known;
  }
  return {
    host: env.HOST && env.HOST.length > 0 ? env.HOST : doc.server.host,
    port,
    maxBodyBytes: doc.server.max_body_bytes,
    maxJsonDepth: doc.server.max_json_depth,
    headersTimeoutMs: doc.server.headers_timeout_ms,
    requestTimeoutMs: doc.server.request_timeout_ms,
    keepAliveTimeoutMs: doc.server.keep_alive_timeout_ms,
    maxConnections: doc.server.max_connections,
    lingerMs: doc.server.linger_ms,
    trustedProxies: trusted,
    forwardedHeader,
    countryHeader: doc.server.country_header?.toLowerCase() ?? null,
    heapGrowingPercent: nodeGivenHeapGrowth(process.execArgv, env.NODE_OPTIONS ?? '') ? 0 : doc.server.heap_growing_percent,
  };
}

/** True when Node itself was given a heap growing factor (its command line or NODE_OPTIONS): that one wins. */
export function nodeGivenHeapGrowth(execArgv: readonly string[], nodeOptions: string): boolean {
  const given = (arg: string) => /^--heap[-_]growing[-_]percent\b/.test(arg);
  return execArgv.some(given) || nodeOptions.split(/\s+/).some(given);
}

/** `sqlite:relative/path` is made absolute; `sqlite::memory:` and other URLs pass through. */
function resolveStoreUrl(url: string, base: string): string {
  if (!url.startsWith('sqlite:') || url === 'sqlite::memory:') return url;
  const path = url.slice('sqlite:'.length);
  return `sqlite:${isAbsolute(path) ? path : resolve(base, path)}`;
}

function resolveProviders(entries: NonNullable<ConfigFile['providers']>, ctx: ResolveContext, problems: string[]): ProviderConfig[] {
  return Object.entries(entries).map(([id, p]) => {
    const presetName = p.preset ?? (isProviderPresetName(id) ? id : null);
    if (presetName !== null && !isProviderPresetName(presetName)) {
      problems.push(`providers.${id}.preset: unknown preset "${presetName}"; expected one of ${Object.keys(PROVIDER_PRESETS).join(', ')}`);
    }
    const preset = presetName !== null && isProviderPresetName(presetName) ? PROVIDER_PRESETS[presetName] : null;
    const baseUrl = p.base_url ?? preset?.baseUrl ?? null;
    // The Messages API: as the file says (null turns a preset's off), else the preset's.
    const messagesBaseUrl = p.messages_base_url !== undefined ? p.messages_base_url : preset?.messagesBaseUrl ?? null;
    if (!p.simulated && baseUrl === null) problems.push(`providers.${id}.base_url: expected the upstream's base URL (no preset gives one for "${id}")`);
    const apiKey = p.api_key ? new EnvSecret(`providers.${id}.api_key`, p.api_key, ctx.env, ctx.file ?? '(built-in defaults)') : null;
    return {
      id,
      preset: presetName,
      baseUrl: baseUrl?.replace(/\/+$/, '') ?? null,
      messagesBaseUrl: messagesBaseUrl?.replace(/\/+$/, '') ?? null,
      apiKey,
      simulated: p.simulated,
      terms: p.terms !== undefined ? p.terms : preset?.terms ?? null,
      timeoutMs: p.timeout_ms,
      streamIdleTimeoutMs: p.stream_idle_timeout_ms,
      connections: p.connections,
    };
  });
}

function resolveModels(entries: NonNullable<ConfigFile['models']>, providers: readonly ProviderConfig[], problems: string[]): ModelConfig[] {
  const known = new Set(providers.map((p) => p.id));
  const prices = listPrices();
  return Object.entries(entries).map(([name, m]) => ({
    name,
    strategy: m.strategy,
    deployments: m.deployments.map((d, i): DeploymentConfig => {
      if (!known.has(d.provider)) {
        problems.push(`models.${name}.deployments[${i}].provider: unknown provider "${d.provider}"; configured: ${[...known].join(', ') || '(none)'}`);
      }
      const list = prices.get(d.model);
      const price = d.price
        ? { input: d.price.input, cachedInput: d.price.cached_input ?? null, ...(d.price.cache_write === undefined ? {} : { cacheWrite: d.price.cache_write }), output: d.price.output }
        : list ? { input: list.input, cachedInput: list.cachedInput, ...(list.cacheWrite == null ? {} : { cacheWrite: list.cacheWrite }), output: list.output } : null;
      if (m.strategy === 'cheapest' && price === null) {
        problems.push(`models.${name}.deployments[${i}].price: expected a price ({ input, output } per million tokens) for "${d.model}": routing by cheapest needs one and the bundled table has none`);
      }
      return { provider: d.provider, model: d.model, price, priority: d.priority ?? i };
    }),
  }));
}
