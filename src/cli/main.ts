#!/usr/bin/env node
/**
 * `cordon`: the command-line entry point. Builds the CLI context (config, adapters on demand) and
 * dispatches to one module per command group.
 */
import { Command } from 'commander';
import { ConfigError } from '../config/index.js';
import { adminTokensCommand } from './commands/admin-tokens.js';
import { accountsCommand } from './commands/accounts.js';
import { auditCommand } from './commands/audit.js';
import { checkCommand } from './commands/check.js';
import { geoCommand } from './commands/geo.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { policyCommand } from './commands/policy.js';
import { presetsCommand } from './commands/presets.js';
import { reachCommand } from './commands/reach.js';
import { serveCommand } from './commands/serve.js';
import { usageCommand } from './commands/usage.js';
import { tenantsCommand } from './commands/tenants.js';
import { createCliContext } from './create-context.js';
import { CliUsageError } from './usage-error.js';

export function buildProgram(argvConfig: () => string | undefined): Command {
  const io = { out: process.stdout, err: process.stderr };
  const ctx = createCliContext({ ...io, stdin: () => process.stdin }, argvConfig);
  const program = new Command('cordon')
    .description('Cordon — a region-aware gateway for AI APIs')
    .option('-c, --config <file>', 'config file (default: $CORDON_CONFIG, else built-in defaults)')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });
  program.addCommand(serveCommand(ctx));
  program.addCommand(checkCommand(ctx));
  program.addCommand(keysCommand(ctx));
  program.addCommand(migrateCommand({ ...ctx, storeUrl: () => ctx.config().storeUrl }));
  program.addCommand(policyCommand(ctx));
  program.addCommand(presetsCommand(io));
  program.addCommand(geoCommand(ctx));
  program.addCommand(auditCommand(ctx));
  program.addCommand(usageCommand(ctx));
  program.addCommand(reachCommand(ctx));
  program.addCommand(accountsCommand(ctx));
  program.addCommand(tenantsCommand(ctx));
  program.addCommand(adminTokensCommand(ctx));
  return program;
}

async function main(): Promise<void> {
  let program: Command | null = null;
  program = buildProgram(() => program?.opts<{ config?: string }>().config);
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else if (err instanceof CliUsageError) {
      process.stderr.write(`cordon: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`cordon: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exitCode = process.exitCode || 1;
  }
}

await main();
