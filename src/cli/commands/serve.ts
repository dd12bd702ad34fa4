/** `cordon serve`: runs the gateway until SIGINT/SIGTERM. */
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { buildApp } from '../../app/build-app.js';
import { destination } from 'pino';
import type { Config } from '../../config/index.js';
import { isLogLevel } from '../../observability/logger.js';
import { pinoLogger } from '../../observability/pino-logger.js';
import { describeStore, redactUrl } from '../../store/index.js';
import { CliUsageError } from '../errors.js';
import { tuneHeapGrowth } from '../heap-growth.js';
import type { FullCliContext } from '../create-context.js';

export function serveCommand(ctx: FullCliContext): Command {
  return new Command('serve')
    .description('run the gateway (PORT, HOST, CORDON_CONFIG and CORDON_TRUSTED_PROXIES override the config)')
    .option('--json', 'print the startup summary as one JSON line')
    .option('--log-level <level>', 'debug, info, warn or error (logs go to stderr as JSON lines)', 'info')
    .action(async (opts: { json?: boolean; logLevel?: string }) => {
      const config = ctx.config();
      const level = opts.logLevel ?? 'info';
      if (!isLogLevel(level)) throw new CliUsageError(`--log-level: expected debug, info, warn or error, got "${level}"`);
      const logger = pinoLogger(destination({ dest: 2, sync: false }), level);
      tuneHeapGrowth(config.server.heapGrowingPercent);
      const app = await buildApp(config, { logger });
      const address = await app.listen();
      const url = urlOf(address);
      const adminAddress = app.admin.address();
      const admin = !config.admin.enabled ? null : adminAddress === null ? url : urlOf(adminAddress);
      const providers = app.config.providers.map((p) => ({ id: p.id, simulated: p.simulated, base_url: p.simulated ? null : p.baseUrl }));
      if (opts.json) {
        ctx.out.write(`${JSON.stringify({ url, admin, providers, models: config.models.map((m) => m.name), policy: app.policy.current().policyHash, store: describeStore(config.storeUrl), hot_state: describeHotState(config), geo: app.origin.describe() })}\n`);
      } else {
        ctx.out.write(startupBanner(url, app.config.simulatedOnly, providers, config, app.policy.current().policyHash, app.origin.describe(), admin, describeAuthz(url, config, app.authz.grpcPort())));
      }
      await waitForSignal();
      ctx.err.write('cordon: shutting down\n');
      await app.close();
    });
}

function startupBanner(url: string, simulatedOnly: boolean, providers: ReadonlyArray<{ id: string; simulated: boolean; base_url: string | null }>, config: Config, policyHash: string, geo: string, admin: string | null, authz: string | null): string {
  const lines = [
    `Cordon listening on ${url}`,
    `  providers: ${providers.map((p) => (p.simulated ? `${p.id} (simulated)` : `${p.id} → ${p.base_url}`)).join(', ')}`,
    `  models:    ${config.models.map((m) => m.name).join(', ')}`,
    `  policy:    ${policyHash}`,
    `  geo:       ${geo}`,
    `  store:     ${describeStore(config.storeUrl)}`,
    `  hot state: ${describeHotState(config)}`,
    `  admin:     ${admin === null ? 'off' : `${admin}/dashboard/ (API ${admin}/admin/, tokens: cordon admin-tokens create)`}`,
  ];
  if (authz !== null) lines.push(`  authz:     ${authz}`);
  if (simulatedOnly) {
    lines.push('', '  SIMULATED UPSTREAM: no provider API key is set (OPENAI_API_KEY, ANTHROPIC_API_KEY, DEEPSEEK_API_KEY,', '  GEMINI_API_KEY), so every provider is answered locally by Cordon\'s simulator. No request leaves this machine.');
  }
  return `${lines.join('\n')}\n`;
}

/** The decision service's addresses (docs/decision-service.md); null when it is off. */
function describeAuthz(url: string, config: Config, grpcPort: number | null): string | null {
  const parts: string[] = [];
  if (config.authz.http) parts.push(`${url}/authz/http`);
  if (config.authz.grpc !== null && grpcPort !== null) parts.push(`gRPC ext_authz on ${config.authz.grpc.host}:${grpcPort}`);
  return parts.length === 0 ? null : parts.join(', ');
}

/** Where rate counters, fan-out sets and last sightings live: this process, or a shared Redis. */
function describeHotState(config: Config): string {
  const url = config.hotState.url;
  return url === null ? 'in process (one instance)' : `Redis ${redactUrl(url)} (key prefix "${config.hotState.prefix}")`;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

function urlOf(address: AddressInfo): string {
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}
