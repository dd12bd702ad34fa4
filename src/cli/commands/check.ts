/**
 * `cordon check IP`: the full decision for an address, per provider, and why — under the policy the
 * gateway runs (the latest applied version in the store, else the config's), at `--at` or now.
 */
import { Command } from 'commander';
import { openGeo } from '../../app/geo.js';
import { livePolicy } from '../../app/policy.js';
import type { AccountFacts } from '../../domain/account.js';
import type { Origin } from '../../domain/origin.js';
import { normalizeIp } from '../../geo/index.js';
import { silentLogger } from '../../observability/logger.js';
import { checkJson, describeOrigin, evaluateForProviders, explainDecision, parseInstant } from '../../policy/index.js';
import type { FullCliContext } from '../create-context.js';
import { CliUsageError } from '../usage-error.js';

export { checkJson } from '../../policy/index.js';

interface CheckOptions {
  readonly provider?: string;
  readonly at?: string;
  readonly key?: string;
  readonly json?: boolean;
}

async function livePolicyAt(ctx: FullCliContext, at: number) {
  const store = await ctx.openStore();
  try {
    return (await livePolicy(ctx.config(), store, at)).compiled;
  } finally {
    await store.close();
  }
}

export function checkCommand(ctx: FullCliContext): Command {
  return new Command('check')
    .description('explain the decision for a client address: origin facts, then allow/deny per provider and the rule that decided')
    .argument('<ip>', 'client IPv4 or IPv6 address')
    .option('-p, --provider <id>', 'only this provider (any configured provider, or one with a preset: openai, anthropic, gemini, deepseek)')
    .option('--at <date>', 'evaluate at this instant (ISO date or date-time with zone), e.g. 2025-06-30')
    .option('-k, --key <secret>', 'evaluate as this API key (tenant and registered country)')
    .option('--json', 'print one JSON object')
    .action(async (ipArg: string, opts: CheckOptions) => {
      const ip = normalizeIp(ipArg);
      if (ip === null) throw new CliUsageError(`"${ipArg}" is not an IPv4 or IPv6 address`);
      const at = opts.at === undefined ? Date.now() : parseInstant(opts.at);
      if (at === null) throw new CliUsageError(`--at "${opts.at}": expected an ISO date such as 2025-06-30 or a date-time with a zone such as 2025-06-30T12:00:00Z`);
      const config = ctx.config();
      const policy = await livePolicyAt(ctx, at);
      const providers = opts.provider === undefined ? config.providers.map((p) => p.id) : [opts.provider];
      if (opts.provider !== undefined && !policy.providers.includes(opts.provider)) {
        throw new CliUsageError(`unknown provider "${opts.provider}"; known: ${policy.providers.join(', ')}`);
      }
      const account = opts.key === undefined ? null : await accountFor(ctx, opts.key);
      const geo = await openGeo(config, silentLogger, { watch: false });
      let origin: Origin;
      try {
        // The gateway's own origin for a direct client: geo facts and the anonymizer lists' flags.
        origin = geo.origin(ip);
      } finally {
        await geo.close();
      }
      const decisions = evaluateForProviders(policy, { origin, account, at }, providers);
      if (opts.json) {
        ctx.out.write(`${JSON.stringify(checkJson(origin, decisions, at, policy.hash))}\n`);
      } else {
        ctx.out.write(`${describeOrigin(origin)}\n\n${decisions.map((d) => explainDecision(d, policy)).join('\n\n')}\n`);
      }
    });
}

async function accountFor(ctx: FullCliContext, secret: string): Promise<AccountFacts> {
  const { store, close } = await ctx.openAccountStore();
  try {
    const found = await store.findKeyBySecret(secret);
    if (!found) throw new CliUsageError('--key: no such API key in the configured store');
    return { keyId: found.key.id, tenantId: found.tenant.id, tenantName: found.tenant.name, registeredCountry: found.tenant.registeredCountry };
  } finally {
    await close();
  }
}
